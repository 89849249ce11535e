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
 * a cell first uses them.
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

/* ---------- texts ---------- */

static int xml_char(long c)
{
    return c == 0x9 || c == 0xA || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* An entity reference at p ('&'); its code point in *code, its end returned, or NULL. A
 * reference to CR is not taken (readers differ on it). */
static const u8 *entity(const u8 *p, const u8 *e, long *code)
{
    static const struct { const char *name; size_t n; long c; } named[] = {
        {"&amp;", 5, '&'}, {"&lt;", 4, '<'}, {"&gt;", 4, '>'}, {"&quot;", 6, '"'},
        {"&apos;", 6, '\''}};
    for (size_t i = 0; i < 5; i++) {
        if ((size_t)(e - p) >= named[i].n && memcmp(p, named[i].name, named[i].n) == 0) {
            *code = named[i].c;
            return p + named[i].n;
        }
    }
    if (e - p < 4 || p[1] != '#')
        return NULL;
    const u8 *q = p + 2;
    long c = 0;
    int digits = 0;
    if (*q == 'x') {
        q++;
        while (q < e && digits < 7) {
            u8 b = *q;
            int v = (b >= '0' && b <= '9') ? b - '0' : (b >= 'a' && b <= 'f') ? b - 'a' + 10
                    : (b >= 'A' && b <= 'F') ? b - 'A' + 10 : -1;
            if (v < 0)
                break;
            c = c * 16 + v;
            q++;
            digits++;
        }
        if (digits == 0 || digits > 6)
            return NULL;
    } else {
        while (q < e && *q >= '0' && *q <= '9' && digits < 8) {
            c = c * 10 + (*q - '0');
            q++;
            digits++;
        }
        if (digits == 0 || digits > 7)
            return NULL;
    }
    if (q >= e || *q != ';' || !xml_char(c) || c == 0xD)
        return NULL;
    *code = c;
    return q + 1;
}

/* Validate a text from p up to the next '<': XML characters in UTF-8, references to XML
 * characters only, no "]]>", no CR and no "_x" (an escape some readers decode). Returns the
 * '<' or NULL; *amp notes a reference. */
static const u8 *text(const u8 *p, const u8 *e, int *amp)
{
    *amp = 0;
    while (p < e) {
        u8 b = *p;
        if (b < 0x80) {
            if (b == '<')
                return p;
            if (b == '&') {
                long c;
                const u8 *q = entity(p, e, &c);
                if (!q)
                    return NULL;
                *amp = 1;
                p = q;
                continue;
            }
            if (b == ']' && e - p >= 3 && p[1] == ']' && p[2] == '>')
                return NULL;
            if (b == '_' && p + 1 < e && p[1] == 'x')
                return NULL;
            if (b < 0x20 && b != 0x9 && b != 0xA)
                return NULL;
            p++;
            continue;
        }
        /* RFC 3629, less the surrogates and U+FFFE, U+FFFF */
        if (b >= 0xC2 && b <= 0xDF) {
            if (e - p < 2 || (p[1] & 0xC0) != 0x80)
                return NULL;
            p += 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            if (e - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
                return NULL;
            if (b == 0xE0 && p[1] < 0xA0)
                return NULL;
            if (b == 0xED && p[1] > 0x9F)
                return NULL;
            if (b == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
                return NULL;
            p += 3;
        } else if (b >= 0xF0 && b <= 0xF4) {
            if (e - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
                (p[3] & 0xC0) != 0x80)
                return NULL;
            if (b == 0xF0 && p[1] < 0x90)
                return NULL;
            if (b == 0xF4 && p[1] > 0x8F)
                return NULL;
            p += 4;
        } else {
            return NULL;
        }
    }
    return NULL;            /* a text must end at a tag */
}

typedef struct { char *b; size_t n, cap; } Buf;

static int buf_put(Buf *buf, const void *s, size_t n)
{
    if (buf->n + n > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->n + n)
            cap *= 2;
        char *b = realloc(buf->b, cap);
        if (!b)
            return -1;
        buf->b = b;
        buf->cap = cap;
    }
    memcpy(buf->b + buf->n, s, n);
    buf->n += n;
    return 0;
}

/* Append a validated text, references decoded, as UTF-8. */
static int unescape(Buf *buf, const u8 *p, const u8 *e)
{
    while (p < e) {
        const u8 *amp = memchr(p, '&', (size_t)(e - p));
        if (!amp)
            return buf_put(buf, p, (size_t)(e - p));
        if (buf_put(buf, p, (size_t)(amp - p)) < 0)
            return -1;
        long c;
        const u8 *q = entity(amp, e, &c);
        if (!q)
            return -1;
        u8 out[4];
        size_t n;
        if (c < 0x80) {
            out[0] = (u8)c;
            n = 1;
        } else if (c < 0x800) {
            out[0] = (u8)(0xC0 | (c >> 6));
            out[1] = (u8)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            out[0] = (u8)(0xE0 | (c >> 12));
            out[1] = (u8)(0x80 | ((c >> 6) & 0x3F));
            out[2] = (u8)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            out[0] = (u8)(0xF0 | (c >> 18));
            out[1] = (u8)(0x80 | ((c >> 12) & 0x3F));
            out[2] = (u8)(0x80 | ((c >> 6) & 0x3F));
            out[3] = (u8)(0x80 | (c & 0x3F));
            n = 4;
        }
        if (buf_put(buf, out, n) < 0)
            return -1;
        p = q;
    }
    return 0;
}

static PyObject *make_str(const u8 *p, size_t n, int amp)
{
    if (n == 0) {
        Py_INCREF(EMPTY);
        return EMPTY;
    }
    if (!amp)
        return PyUnicode_DecodeUTF8((const char *)p, (Py_ssize_t)n, "strict");
    Buf buf = {0};
    if (unescape(&buf, p, p + n) < 0) {
        free(buf.b);
        return PyErr_NoMemory();
    }
    PyObject *s = PyUnicode_DecodeUTF8(buf.b, (Py_ssize_t)buf.n, "strict");
    free(buf.b);
    return s;
}

/* ---------- markup ---------- */

#define LIT(p, e, s) ((size_t)((e) - (p)) >= sizeof(s) - 1 && memcmp((p), (s), sizeof(s) - 1) == 0)

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

/* ---------- values ---------- */

static void civil(long z, int *y, int *m, int *d)     /* days since 1970-01-01 */
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned long doe = (unsigned long)(z - era * 146097);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;
    unsigned long dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

#define DAY_MS 86400000LL

/* A date-formatted number as the reader gives it: a time below 1, a date when whole, else a
 * datetime (the 1900 system, its leap-year day kept: serials below 60 move one day on). */
static PyObject *excel_date(double v)
{
    if (v >= 2958466.0)         /* 10000-01-01 and after: no Python date, the number */
        return PyFloat_FromDouble(v);
    double f = v >= 60.0 ? v : v + 1.0;
    long long ms = llround(f * 86400000.0);
    long long days = ms / DAY_MS, rest = ms % DAY_MS;
    if (rest < 0) {             /* before the epoch: the day before, and the time in it */
        rest += DAY_MS;
        days -= 1;
    }
    int y, m, d;
    civil((long)(days - 25569), &y, &m, &d);
    int hh = (int)(rest / 3600000), mi = (int)(rest / 60000 % 60), ss = (int)(rest / 1000 % 60);
    int us = (int)(rest % 1000) * 1000;
    if (v < 1.0)
        return PyTime_FromTime(hh, mi, ss, us);
    if (y < 1 || y > 9999)
        return PyFloat_FromDouble(v);
    if (v == (double)(unsigned long long)v)
        return PyDate_FromDate(y, m, d);
    return PyDateTime_FromDateAndTime(y, m, d, hh, mi, ss, us);
}

static PyObject *excel_duration(double v)
{
    long long ms = llround(v * 86400000.0);
    return PyDelta_FromDSU((int)(ms / DAY_MS), (int)(ms % DAY_MS / 1000), (int)(ms % 1000) * 1000);
}

/* ---------- shared strings ---------- */

static const char *const RPR[] = {"b", "i", "strike", "condense", "extend", "outline", "shadow",
    "u", "vertAlign", "sz", "color", "rFont", "family", "charset", "scheme"};

/* A value in a run's properties (a font name may be Chinese): UTF-8 without markup. */
static const u8 *uvalue(const u8 *p, const u8 *e)
{
    while (p < e && *p != '"') {
        if (*p == '<' || *p == '&' || *p == '>' || *p < 0x20)
            return NULL;
        if (*p < 0x80) {
            p++;
            continue;
        }
        /* validate one multi-byte character through text() on a copy */
        u8 tmp[5];
        size_t n = (*p >= 0xF0) ? 4 : (*p >= 0xE0) ? 3 : 2;
        if ((size_t)(e - p) < n)
            return NULL;
        memcpy(tmp, p, n);
        tmp[n] = '<';
        int amp;
        if (text(tmp, tmp + n + 1, &amp) != tmp + n)
            return NULL;
        p += n;
    }
    return p < e ? p : NULL;
}

static const u8 *rpr(const u8 *p, const u8 *e)
{
    while (p < e && *p == '<' && !LIT(p, e, "</rPr>")) {
        p++;
        int found = 0;
        for (size_t i = 0; i < sizeof(RPR) / sizeof(*RPR) && !found; i++) {
            size_t n = strlen(RPR[i]);
            if ((size_t)(e - p) > n && memcmp(p, RPR[i], n) == 0 &&
                (p[n] == ' ' || p[n] == '/')) {
                p += n;
                found = 1;
            }
        }
        if (!found)
            return NULL;
        const u8 *names[8];
        size_t lens[8];
        int count = 0;
        while (p < e && *p == ' ') {
            p++;
            const u8 *a = p;
            while (p < e && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
                p++;
            if (p == a || count == 8 || !LIT(p, e, "=\""))
                return NULL;
            for (int i = 0; i < count; i++)
                if (lens[i] == (size_t)(p - a) && memcmp(names[i], a, lens[i]) == 0)
                    return NULL;
            names[count] = a;
            lens[count++] = (size_t)(p - a);
            p = uvalue(p + 2, e);
            if (!p)
                return NULL;
            p++;
        }
        if (!LIT(p, e, "/>"))
            return NULL;
        p += 2;
    }
    return LIT(p, e, "</rPr>") ? p + 6 : NULL;
}

/* `<t>` or `<t xml:space="preserve">`, a text, `</t>`: the text's span. */
static const u8 *tee(const u8 *p, const u8 *e, const u8 **a, const u8 **b, int *amp)
{
    if (LIT(p, e, "<t>"))
        p += 3;
    else if (LIT(p, e, "<t xml:space=\"preserve\">"))
        p += 24;
    else
        return NULL;
    *a = p;
    *b = text(p, e, amp);
    if (!*b || !LIT(*b, e, "</t>"))
        return NULL;
    return *b + 4;
}

/* One <si>'s content (after "<si>") up to its "</si>"; with buf, its text decoded into it. */
static const u8 *si(const u8 *p, const u8 *e, Buf *buf)
{
    const u8 *a, *b;
    int amp;
    if (LIT(p, e, "<t")) {
        p = tee(p, e, &a, &b, &amp);
        if (!p || (buf && unescape(buf, a, b) < 0))
            return NULL;
    } else {
        if (!LIT(p, e, "<r>"))
            return NULL;
        while (LIT(p, e, "<r>")) {
            p += 3;
            if (LIT(p, e, "<rPr>")) {
                p = rpr(p + 5, e);
                if (!p)
                    return NULL;
            }
            p = tee(p, e, &a, &b, &amp);
            if (!p || !LIT(p, e, "</r>") || (buf && unescape(buf, a, b) < 0))
                return NULL;
            p += 4;
        }
    }
    return LIT(p, e, "</si>") ? p + 5 : NULL;
}

/* index_strings(body) -> bytes of (start, end) uint32 pairs, one per <si>, or None */
static PyObject *index_strings(PyObject *self, PyObject *args)
{
    Py_buffer body;
    if (!PyArg_ParseTuple(args, "y*", &body))
        return NULL;
    const u8 *base = body.buf, *p = base, *e = base + body.len;
    uint32_t *index = NULL;
    size_t n = 0, cap = 0;
    int ok = body.len < 0xFFFFFFF0;
    Py_BEGIN_ALLOW_THREADS
    while (ok && p < e) {
        if (!LIT(p, e, "<si>")) {
            ok = 0;
            break;
        }
        const u8 *start = p + 4, *end = si(start, e, NULL);
        if (!end) {
            ok = 0;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            uint32_t *grown = realloc(index, cap * 2 * sizeof(uint32_t));
            if (!grown) {
                ok = 0;
                break;
            }
            index = grown;
        }
        index[2 * n] = (uint32_t)(start - base);
        index[2 * n + 1] = (uint32_t)(end - 5 - base);
        n++;
        p = end;
    }
    Py_END_ALLOW_THREADS
    PyObject *out;
    if (ok)
        out = PyBytes_FromStringAndSize((const char *)index, (Py_ssize_t)(n * 2 * sizeof(uint32_t)));
    else
        out = Py_NewRef(Py_None);
    free(index);
    PyBuffer_Release(&body);
    return out;
}

static PyObject *shared(PyObject *strings, long idx)
{
    /* strings: (body bytes, index bytes, cache list) */
    PyObject *cache = PyTuple_GET_ITEM(strings, 2);
    PyObject *got = PyList_GET_ITEM(cache, idx);
    if (got != Py_None)
        return Py_NewRef(got);
    const u8 *base = (const u8 *)PyBytes_AS_STRING(PyTuple_GET_ITEM(strings, 0));
    const uint32_t *index = (const uint32_t *)PyBytes_AS_STRING(PyTuple_GET_ITEM(strings, 1));
    Py_ssize_t size = PyBytes_GET_SIZE(PyTuple_GET_ITEM(strings, 0));
    if ((Py_ssize_t)index[2 * idx] > (Py_ssize_t)index[2 * idx + 1] ||
        (Py_ssize_t)index[2 * idx + 1] + 5 > size) {
        PyErr_SetString(PyExc_ValueError, "shared string index out of its part");
        return NULL;
    }
    const u8 *a = base + index[2 * idx], *b = base + index[2 * idx + 1] + 5;
    Buf buf = {0};
    if (!si(a, b, &buf)) {
        free(buf.b);
        PyErr_SetString(PyExc_ValueError, "shared string changed");
        return NULL;
    }
    PyObject *s = buf.n ? PyUnicode_DecodeUTF8(buf.b, (Py_ssize_t)buf.n, "strict")
                        : Py_NewRef(EMPTY);
    free(buf.b);
    if (!s)
        return NULL;
    PyList_SetItem(cache, idx, Py_NewRef(s));
    return s;
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
