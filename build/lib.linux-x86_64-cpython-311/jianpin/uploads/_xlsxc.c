/* One pass over a worksheet's rows: the upload check's bounds and the reader's values together.
 *
 * The module accepts only the form every spreadsheet program writes (the form `canonical.py`
 * proves with its expression): `<row r="N" ...>` elements in ascending order, each holding
 * `<c r="{letters}N" ...>` cells in the schema's attribute order, whose value is a `<v>` or an
 * inline string, texts of XML characters in valid UTF-8. Anything else (another form, damage,
 * a limit passed, a value whose reading is not certain) returns None, and the caller goes the
 * old way (the Python check, then calamine), which refuses or reads as it always did. So this
 * code never refuses a file: it only ever accepts, and reads the values calamine would give.
 *
 * Each call is one segment of whole rows. Pass 1 (the GIL released) walks the bytes with
 * bounds-checked cursors into a table of cell records; pass 2 (with the GIL) turns the records
 * into Python rows. Shared strings are indexed once (validated, GIL released) and decoded when
 * a cell first uses them (`_xlsxc_values.h`: texts, shared strings and dates).
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

enum { K_EMPTY, K_NUM, K_DATE, K_DUR, K_SST, K_STR, K_BOOL, K_ERR };
enum { F_OTHER, F_DATE, F_DUR, F_UNSURE };

typedef struct {
    uint32_t row, col;      /* col is 1-based */
    uint8_t kind, amp;
    uint32_t off, len;      /* text of K_STR, K_BOOL */
    double num;             /* K_NUM, K_DATE, K_DUR; the index of K_SST */
} Rec;

typedef struct {
    Rec *recs;
    size_t n, cap;
    /* limits and state in */
    long max_rows, max_cols, max_cells, nstrings;
    const u8 *kinds;
    Py_ssize_t nkinds;
    const u8 *base;
    /* state in and out */
    long last_row, cells, max_row, max_col;
} Scan;

static locale_t c_locale;
static PyObject *EMPTY;     /* "" */

#include "_xlsxc_values.h"

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

/* A number as writers spell it: -?digits(.digits)?([eE][-+]?digits)? */
static int number(const u8 *a, const u8 *b, double *out)
{
    const u8 *p = a;
    char tmp[72];
    if (b - a <= 0 || b - a > 64)
        return -1;
    if (p < b && *p == '-')
        p++;
    const u8 *d = p;
    while (p < b && *p >= '0' && *p <= '9')
        p++;
    if (p == d)
        return -1;
    if (p < b && *p == '.') {
        p++;
        d = p;
        while (p < b && *p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return -1;
    }
    if (p < b && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < b && (*p == '-' || *p == '+'))
            p++;
        d = p;
        while (p < b && *p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return -1;
    }
    if (p != b)
        return -1;
    memcpy(tmp, a, (size_t)(b - a));
    tmp[b - a] = 0;
    char *end;
    *out = strtod_l(tmp, &end, c_locale);
    if (end != tmp + (b - a) || !isfinite(*out))
        return -1;
    return 0;
}

static int digits(const u8 *a, const u8 *b, long *out)
{
    long v = 0;
    if (b - a <= 0 || b - a > 9)
        return -1;
    for (const u8 *p = a; p < b; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

static const char *const ERRORS[] = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                                     "#VALUE!"};

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
    if (LIT(p, e, "</c>"))
        return p + 4;
    Rec r = {(uint32_t)row, (uint32_t)col, K_EMPTY, 0, 0, 0, 0.0};
    const u8 *ta = vals[2], *tb = vals[3];
    const u8 *a, *b;
    int amp, inline_str;
    if (LIT(p, e, "<v>")) {
        inline_str = 0;
        a = p + 3;
        b = text(a, e, &amp);
        if (!b || !LIT(b, e, "</v></c>"))
            return NULL;
        p = b + 8;
    } else if (LIT(p, e, "<is><t>") || LIT(p, e, "<is><t xml:space=\"preserve\">")) {
        inline_str = 1;
        a = p + (p[6] == '>' ? 7 : 28);
        b = text(a, e, &amp);
        if (!b || !LIT(b, e, "</t></is></c>"))
            return NULL;
        p = b + 13;
    } else {
        return NULL;
    }
    /* a valued cell, as the check counts it */
    if (col > s->max_cols)
        return NULL;
    if (col > s->max_col)
        s->max_col = col;
    s->max_row = row;
    if (inline_str) {
        r.kind = K_STR;
    } else if (!ta || span_is(ta, tb, "n")) {
        if (a == b) {
            r.kind = K_EMPTY;
        } else {
            if (amp || number(a, b, &r.num) < 0)
                return NULL;
            int f = F_OTHER;
            if (vals[0]) {
                long idx;
                if (digits(vals[0], vals[1], &idx) < 0)
                    return NULL;
                if (idx < s->nkinds)
                    f = s->kinds[idx];
            }
            if (f == F_UNSURE)
                return NULL;
            /* dates the reader turns into a date, time or datetime; others go the old way */
            if (f == F_DATE && !(r.num > -1e6))
                return NULL;
            if (f == F_DUR && !(fabs(r.num) < 1e7))
                return NULL;
            r.kind = f == F_DATE ? K_DATE : f == F_DUR ? K_DUR : K_NUM;
        }
    } else if (span_is(ta, tb, "s")) {
        if (a == b) {
            r.kind = K_EMPTY;
        } else {
            long idx;
            if (digits(a, b, &idx) < 0 || idx >= s->nstrings)
                return NULL;
            r.kind = K_SST;
            r.num = (double)idx;
        }
    } else if (span_is(ta, tb, "str")) {
        r.kind = K_STR;
    } else if (span_is(ta, tb, "inlineStr")) {
        r.kind = K_EMPTY;       /* the reader ignores a <v> of an inline string */
    } else if (span_is(ta, tb, "b")) {
        if (a != b && !span_is(a, b, "0") && !span_is(a, b, "1"))
            return NULL;        /* only 0 and 1 are read alike everywhere */
        r.kind = a == b ? K_EMPTY : K_BOOL;
    } else if (span_is(ta, tb, "e")) {
        if (a == b) {
            r.kind = K_EMPTY;
        } else {
            int known = 0;
            for (size_t i = 0; i < sizeof(ERRORS) / sizeof(*ERRORS); i++)
                known |= span_is(a, b, ERRORS[i]);
            if (!known)
                return NULL;
            r.kind = K_ERR;
        }
    } else {
        return NULL;
    }
    if (r.kind != K_EMPTY) {
        r.amp = (uint8_t)amp;
        r.off = (uint32_t)(a - s->base);
        r.len = (uint32_t)(b - a);
        if (push(s, &r) < 0)
            return NULL;
    }
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

/* ---------- the rows ---------- */

static PyObject *convert(const Rec *r, const u8 *base, PyObject *strings)
{
    switch (r->kind) {
    case K_NUM:
        return PyFloat_FromDouble(r->num);
    case K_DATE:
        return excel_date(r->num);
    case K_DUR:
        return excel_duration(r->num);
    case K_SST:
        return shared(strings, (long)r->num);
    case K_STR:
        return make_str(base + r->off, r->len, r->amp);
    case K_BOOL:
        return PyBool_FromLong(!(r->len == 1 && base[r->off] == '0'));
    default:
        return Py_NewRef(EMPTY);
    }
}

/* scan_rows(segment, (last_row, cells, max_row, max_col), (max_rows, max_cols, max_cells),
 *           kinds, strings) -> ((last_row, cells, max_row, max_col), [(row, first, cells)])
 *           or None */
static PyObject *scan_rows(PyObject *self, PyObject *args)
{
    Py_buffer seg, kinds;
    PyObject *strings;
    Scan s = {0};
    if (!PyArg_ParseTuple(args, "y*(llll)(lll)y*O", &seg, &s.last_row, &s.cells, &s.max_row,
                          &s.max_col, &s.max_rows, &s.max_cols, &s.max_cells, &kinds, &strings))
        return NULL;
    PyObject *out = NULL, *list = NULL;
    if (strings != Py_None) {
        if (!PyTuple_Check(strings) || PyTuple_GET_SIZE(strings) != 3 ||
            !PyBytes_Check(PyTuple_GET_ITEM(strings, 0)) ||
            !PyBytes_Check(PyTuple_GET_ITEM(strings, 1)) ||
            !PyList_Check(PyTuple_GET_ITEM(strings, 2)) ||
            PyBytes_GET_SIZE(PyTuple_GET_ITEM(strings, 1)) !=
                PyList_GET_SIZE(PyTuple_GET_ITEM(strings, 2)) * 8) {
            PyErr_SetString(PyExc_TypeError, "strings: (body, index, cache)");
            goto done;
        }
        s.nstrings = (long)PyList_GET_SIZE(PyTuple_GET_ITEM(strings, 2));
    }
    s.kinds = kinds.buf;
    s.nkinds = kinds.len;
    s.base = seg.buf;
    int bad = seg.len >= 0xFFFFFFF0;
    Py_BEGIN_ALLOW_THREADS
    if (!bad)
        bad = rows(&s, seg.buf, (const u8 *)seg.buf + seg.len) < 0;
    Py_END_ALLOW_THREADS
    if (bad) {
        out = Py_NewRef(Py_None);
        goto done;
    }
    list = PyList_New(0);
    if (!list)
        goto done;
    for (size_t i = 0; i < s.n;) {
        size_t j = i;
        uint32_t width = 0, first = UINT32_MAX;
        while (j < s.n && s.recs[j].row == s.recs[i].row) {
            if (s.recs[j].col > width)
                width = s.recs[j].col;
            if (s.recs[j].col < first)
                first = s.recs[j].col;
            j++;
        }
        PyObject *cells = PyList_New(width);
        if (!cells)
            goto fail;
        for (uint32_t k = 0; k < width; k++)
            PyList_SET_ITEM(cells, k, Py_NewRef(EMPTY));
        for (size_t k = i; k < j; k++) {
            PyObject *v = convert(&s.recs[k], s.base, strings);
            if (!v) {
                Py_DECREF(cells);
                goto fail;
            }
            PyList_SetItem(cells, s.recs[k].col - 1, v);    /* a later cell wins, as in the reader */
        }
        PyObject *item = Py_BuildValue("(kkN)", (unsigned long)s.recs[i].row,
                                       (unsigned long)(first - 1), cells);
        if (!item || PyList_Append(list, item) < 0) {
            Py_XDECREF(item);
            goto fail;
        }
        Py_DECREF(item);
        i = j;
    }
    out = Py_BuildValue("((llll)N)", s.last_row, s.cells, s.max_row, s.max_col, list);
    list = NULL;
    goto done;
fail:
    Py_XDECREF(list);
    list = NULL;
    out = NULL;
done:
    Py_XDECREF(list);
    free(s.recs);
    PyBuffer_Release(&seg);
    PyBuffer_Release(&kinds);
    return out;
}

static PyMethodDef methods[] = {
    {"scan_rows", scan_rows, METH_VARARGS, "Check and read a segment of whole rows, or None."},
    {"index_strings", index_strings, METH_VARARGS, "Index the <si> items of a part, or None."},
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
