/* One pass over a worksheet's rows: the upload check's bounds and the reader's values together.
 *
 * The module accepts only the form every spreadsheet program writes (the form `canonical.py`
 * proves with its expression, and formulas): `<row r="N" ...>` elements in ascending order,
 * each holding `<c r="{letters}N" ...>` cells in the schema's attribute order, whose values are
 * `<v>` (or `<v/>`) and inline strings (plain, rich or phonetic runs; after a formula `<f>`, its
 * cached result; the last value of a cell is its value), texts of XML characters in valid
 * UTF-8. Anything else (another form, damage, a limit passed, a value
 * whose reading is not certain) returns None, and the caller goes the old way (the Python
 * check, then calamine), which refuses or reads as it always did. So this code never refuses
 * a file: it only ever accepts, and reads the values calamine would give.
 *
 * Each call is one segment of whole rows, walked (the GIL released) with bounds-checked
 * cursors into a block of 16-byte cell records; the block becomes Python rows only when the
 * import reaches it (`_xlsxc_rows.h`). Shared strings are indexed once (validated, GIL
 * released) and decoded when a cell first uses them; texts are decoded as calamine decodes
 * them (`_xlsxc_values.h`: texts and dates; `_xlsxc_strings.h`: shared and inline strings;
 * numbers and ISO dates in `_xlsxc_rows.h`).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char u8;

enum { F_OTHER, F_DATE, F_DUR, F_UNSURE };

static locale_t c_locale;
static PyObject *EMPTY;     /* "" */

#include "_xlsxc_values.h"
#include "_xlsxc_strings.h"
#include "_xlsxc_rows.h"

#define MOST_REFS 20        /* the check notes where the first formulas are */

typedef struct {
    Rec *recs;
    size_t n, cap;
    Buf texts;              /* of K_STR and K_ISO records */
    /* limits and state in */
    long max_rows, max_cols, max_cells, nstrings;
    const u8 *kinds;
    Py_ssize_t nkinds;
    /* state in and out */
    long last_row, cells, max_row, max_col;
    /* out: the records' columns, the formulas and where the first `refs` of them are */
    long low, high, formulas, refs;
    uint32_t ref[MOST_REFS][2];
} Scan;

/* ---------- markup ---------- */


/* An attribute value: printable ASCII without markup or references, up to '"'. */
static const u8 *value(const u8 *p, const u8 *e)
{
    while (p < e) {
        u8 b = *p;
        if (b == '"')
            return p;
        if (b < 0x20 || b > 0x7E || b == '&' || b == '<' || b == '>')
            return NULL;
        p++;
    }
    return NULL;
}

/* Optional attributes ` name="value"` in the order of `names`, each at most once. Spans of
 * the values of the first `keep` names go into vals (start, end). Returns the end or NULL. */
static const u8 *attrs(const u8 *p, const u8 *e, const char *const *names, int count,
                       const u8 **vals, int keep)
{
    int next = 0;
    while (p < e && *p == ' ') {
        p++;
        int found = -1;
        for (int i = next; i < count; i++) {
            size_t n = strlen(names[i]);
            if ((size_t)(e - p) > n + 1 && memcmp(p, names[i], n) == 0 && p[n] == '=' &&
                p[n + 1] == '"') {
                found = i;
                p += n + 2;
                break;
            }
        }
        if (found < 0)
            return NULL;
        const u8 *end = value(p, e);
        if (!end)
            return NULL;
        if (found < keep) {
            vals[2 * found] = p;
            vals[2 * found + 1] = end;
        }
        p = end + 1;
        next = found + 1;
    }
    return p;
}

static const char *const ROW_ATTRS[] = {"spans", "s", "customFormat", "ht", "hidden",
    "customHeight", "outlineLevel", "collapsed", "thickTop", "thickBot", "ph",
    "x14ac:dyDescent"};
static const char *const CELL_ATTRS[] = {"s", "t", "cm", "vm", "ph"};

static int push(Scan *s, Rec *r)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        Rec *recs = realloc(s->recs, cap * sizeof(Rec));
        if (!recs)
            return -1;
        s->recs = recs;
        s->cap = cap;
    }
    s->recs[s->n++] = *r;
    return 0;
}

static int span_is(const u8 *a, const u8 *b, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(b - a) == n && memcmp(a, lit, n) == 0;
}

static const char *const ERRORS[] = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                                     "#VALUE!"};

static const char *const F_ATTRS[] = {"t", "aca", "ref", "dt2D", "dtr", "del1", "del2", "r1",
    "r2", "ca", "si", "bx"};

/* A formula at p (after "<f"): its attributes in the schema's order, then "/>" or a text and
 * "</f>" (any function names, `_xlfn.` ones among them); the reader keeps its cached value
 * only. Counted, and where the first are noted. */
static const u8 *formula(Scan *s, const u8 *p, const u8 *e, long row, long col)
{
    int flags;
    p = attrs(p, e, F_ATTRS, 12, NULL, 0);
    if (!p)
        return NULL;
    if (LIT(p, e, "/>")) {
        p += 2;
    } else {
        if (!LIT(p, e, ">"))
            return NULL;
        p = text(p + 1, e, &flags);
        if (!p || !LIT(p, e, "</f>"))
            return NULL;
        p += 4;
    }
    if (s->refs < MOST_REFS) {
        s->ref[s->refs][0] = (uint32_t)row;
        s->ref[s->refs][1] = (uint32_t)col;
        s->refs++;
    }
    s->formulas++;
    return p;
}

/* A `<v>`'s text a..b (`flags` from `text`) as the cell's type reads it, into r; a text
 * (t="str", a string) decoded into the texts. Returns 0, or -1: the old way. */
static int v_value(Scan *s, Rec *r, const u8 **vals, const u8 *a, const u8 *b, int flags)
{
    const u8 *ta = vals[2], *tb = vals[3];
    if (!ta || span_is(ta, tb, "n")) {
        if (a == b)
            return 0;
        if (flags || number(a, b, &r->u.num) < 0)
            return -1;
        int f = F_OTHER;
        if (vals[0]) {
            long idx;
            if (digits(vals[0], vals[1], &idx) < 0)
                return -1;
            if (idx < s->nkinds)
                f = s->kinds[idx];
        }
        if (f == F_UNSURE)
            return -1;
        /* dates the reader turns into a date, time or datetime; others go the old way */
        if (f == F_DATE && !(r->u.num > -1e6))
            return -1;
        if (f == F_DUR && !(fabs(r->u.num) < 1e7))
            return -1;
        r->kind = f == F_DATE ? K_DATE : f == F_DUR ? K_DUR : K_NUM;
    } else if (span_is(ta, tb, "s")) {
        long idx;
        if (a == b)
            return 0;
        if (digits(a, b, &idx) < 0 || idx >= s->nstrings)
            return -1;
        r->kind = K_SST;
        r->u.t.off = (uint32_t)idx;
    } else if (span_is(ta, tb, "str")) {
        r->kind = K_STR;        /* a formula's text result: not trimmed */
        return decode(&s->texts, a, b, flags, 0);
    } else if (span_is(ta, tb, "d")) {
        int f[7];
        if (flags || iso(a, b, f) < 0)
            return -1;          /* an empty or looser ISO value: the old way */
        r->kind = K_ISO;
        return buf_put(&s->texts, a, (size_t)(b - a));
    } else if (span_is(ta, tb, "inlineStr")) {
        return 0;               /* the reader ignores a <v> of an inline string */
    } else if (span_is(ta, tb, "b")) {
        if (a != b && !span_is(a, b, "0") && !span_is(a, b, "1"))
            return -1;          /* only 0 and 1 are read alike everywhere */
        r->kind = a == b ? K_EMPTY : K_BOOL;
        r->u.t.off = a != b && *a == '1';
    } else if (span_is(ta, tb, "e")) {
        int known = 0;
        if (a == b)
            return 0;
        for (size_t i = 0; i < sizeof(ERRORS) / sizeof(*ERRORS); i++)
            known |= span_is(a, b, ERRORS[i]);
        if (!known)
            return -1;
        r->kind = K_ERR;
    } else {
        return -1;
    }
    return 0;
}

/* One cell at p ("<c "); its record pushed when it holds a value. */
static const u8 *cell(Scan *s, const u8 *p, const u8 *e, long row, const u8 *num, size_t numlen)
{
    p += 6;     /* <c r=" */
    const u8 *l = p;
    long col = 0;
    while (p < e && *p >= 'A' && *p <= 'Z' && p - l < 3) {
        col = col * 26 + (*p - 'A' + 1);
        p++;
    }
    if (p == l || (size_t)(e - p) < numlen + 1 || memcmp(p, num, numlen) != 0 ||
        p[numlen] != '"' || col > 16384)
        return NULL;
    p += numlen + 1;
    const u8 *vals[4] = {NULL, NULL, NULL, NULL};
    p = attrs(p, e, CELL_ATTRS, 5, vals, 2);
    if (!p)
        return NULL;
    s->cells++;
    if (s->cells > s->max_cells)
        return NULL;
    if (LIT(p, e, "/>"))
        return p + 2;
    if (!LIT(p, e, ">"))
        return NULL;
    p++;
    if (LIT(p, e, "<f")) {
        p = formula(s, p + 2, e, row, col);
        if (!p)
            return NULL;
        /* then no cached value (no value, as the check counts it), or one as any cell holds */
    }
    /* Each <v> or <is> is read in turn, and the last one is the value, as in the reader (so
     * an inline string followed by a <v> of t="inlineStr" is empty); a text of one read
     * before it is dropped. */
    Rec r = {(uint32_t)row, (uint16_t)col, K_EMPTY, 0, {0.0}};
    int valued = 0;
    size_t mark = s->texts.n;
    while (!LIT(p, e, "</c>")) {
        int flags;
        r.kind = K_EMPTY;
        s->texts.n = mark;
        if (LIT(p, e, "<v>")) {
            const u8 *a = p + 3, *b = text(a, e, &flags);
            if (!b || !LIT(b, e, "</v>") || v_value(s, &r, vals, a, b, flags) < 0)
                return NULL;
            p = b + 4;
        } else if (LIT(p, e, "<v/>")) {
            if (v_value(s, &r, vals, p, p, 0) < 0)      /* read as <v></v> is */
                return NULL;
            p += 4;
        } else if (LIT(p, e, "<is>")) {
            p = item(p + 4, e, "</is>", &s->texts);   /* whatever the type says */
            if (!p)
                return NULL;
            r.kind = K_STR;
        } else {
            return NULL;
        }
        valued = 1;
    }
    p += 4;
    if (!valued)
        return p;
    /* a valued cell, as the check counts it */
    if (col > s->max_cols)
        return NULL;
    if (col > s->max_col)
        s->max_col = col;
    s->max_row = row;
    if (r.kind == K_EMPTY) {
        s->texts.n = mark;
        return p;
    }
    if (r.kind == K_STR || r.kind == K_ISO) {
        r.u.t.off = (uint32_t)mark;
        r.u.t.len = (uint32_t)(s->texts.n - mark);
    }
    if ((long)col < s->low || s->low == 0)
        s->low = col;
    if (col > s->high)
        s->high = col;
    if (push(s, &r) < 0)
        return NULL;
    return p;
}

/* Whole rows from p to e; records pushed. Returns 0, or -1: not this form or over a limit. */
static int rows(Scan *s, const u8 *p, const u8 *e)
{
    while (p < e) {
        if (!LIT(p, e, "<row r=\""))
            return -1;
        p += 8;
        const u8 *num = p;
        long row = 0;
        if (p >= e || *p < '1' || *p > '9')
            return -1;
        while (p < e && *p >= '0' && *p <= '9' && p - num < 7) {
            row = row * 10 + (*p - '0');
            p++;
        }
        if (p >= e || *p != '"')
            return -1;
        size_t numlen = (size_t)(p - num);
        p++;
        if (row <= s->last_row || row > s->max_rows)
            return -1;
        s->last_row = row;
        p = attrs(p, e, ROW_ATTRS, 12, NULL, 0);
        if (!p)
            return -1;
        if (LIT(p, e, "/>")) {
            p += 2;
            continue;
        }
        if (!LIT(p, e, ">"))
            return -1;
        p++;
        for (;;) {
            if (LIT(p, e, "<c r=\"")) {
                p = cell(s, p, e, row, num, numlen);
                if (!p)
                    return -1;
            } else if (LIT(p, e, "</row>")) {
                p += 6;
                break;
            } else {
                return -1;
            }
        }
    }
    if ((long long)s->max_row * (s->max_col > 1 ? s->max_col : 1) > s->max_cells)
        return -1;
    return 0;
}

/* ---------- the segment ---------- */

/* The records and their texts as one block (`_xlsxc_rows.h`), or NULL with an error set. */
static PyObject *block(const Scan *s)
{
    size_t size = BLOCK_HEAD + s->n * sizeof(Rec) + s->texts.n;
    if (s->n > UINT32_MAX || size > PY_SSIZE_T_MAX)
        return PyErr_NoMemory();
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (!out)
        return NULL;
    char *at = PyBytes_AS_STRING(out);
    uint32_t head[2] = {(uint32_t)s->n, 0};
    memcpy(at, head, BLOCK_HEAD);
    if (s->n)
        memcpy(at + BLOCK_HEAD, s->recs, s->n * sizeof(Rec));
    if (s->texts.n)
        memcpy(at + BLOCK_HEAD + s->n * sizeof(Rec), s->texts.b, s->texts.n);
    return out;
}

/* scan_rows(segment, (last_row, cells, max_row, max_col), (max_rows, max_cols, max_cells),
 *           kinds, strings) -> ((last_row, cells, max_row, max_col), block or None,
 *           (lowest, highest column of a record), formulas, [(row, col) of the first])
 *           or None */
static PyObject *scan_rows(PyObject *self, PyObject *args)
{
    Py_buffer seg, kinds;
    PyObject *strings;
    Scan s = {0};
    if (!PyArg_ParseTuple(args, "y*(llll)(lll)y*O", &seg, &s.last_row, &s.cells, &s.max_row,
                          &s.max_col, &s.max_rows, &s.max_cols, &s.max_cells, &kinds, &strings))
        return NULL;
    PyObject *out = NULL, *blk = NULL, *refs = NULL;
    if (strings_ok(strings, &s.nstrings) < 0)
        goto done;
    s.kinds = kinds.buf;
    s.nkinds = kinds.len;
    int bad = seg.len >= 0xFFFFFFF0;
    Py_BEGIN_ALLOW_THREADS
    if (!bad)
        bad = rows(&s, seg.buf, (const u8 *)seg.buf + seg.len) < 0;
    Py_END_ALLOW_THREADS
    if (bad) {
        out = Py_NewRef(Py_None);
        goto done;
    }
    blk = s.n ? block(&s) : Py_NewRef(Py_None);
    refs = PyList_New(s.refs);
    if (!blk || !refs)
        goto done;
    for (long i = 0; i < s.refs; i++) {
        PyObject *ref = Py_BuildValue("(kk)", (unsigned long)s.ref[i][0],
                                      (unsigned long)s.ref[i][1]);
        if (!ref)
            goto done;
        PyList_SET_ITEM(refs, i, ref);
    }
    out = Py_BuildValue("((llll)O(ll)lO)", s.last_row, s.cells, s.max_row, s.max_col, blk,
                        s.low, s.high, s.formulas, refs);
done:
    Py_XDECREF(blk);
    Py_XDECREF(refs);
    free(s.recs);
    free(s.texts.b);
    PyBuffer_Release(&seg);
    PyBuffer_Release(&kinds);
    return out;
}

static PyMethodDef methods[] = {
    {"scan_rows", scan_rows, METH_VARARGS, "Check and read a segment of whole rows, or None."},
    {"index_strings", index_strings, METH_VARARGS, "Index the <si> items of a part, or None."},
    {"rows_of", rows_of, METH_VARARGS, "The rows of a block of records."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_xlsxc",
    "One compiled pass over a worksheet: the upload check's bounds and the reader's values.",
    -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__xlsxc(void)
{
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI)
        return NULL;
    if (!c_locale) {
        c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
        if (!c_locale)
            return PyErr_NoMemory();
    }
    if (!EMPTY) {
        EMPTY = PyUnicode_New(0, 0);
        if (!EMPTY)
            return NULL;
    }
    return PyModule_Create(&module);
}
