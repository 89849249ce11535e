/* The compiled reader's records and their turning into Python rows (`_xlsxc.c` includes this
 * file once, after `_xlsxc_values.h`: one translation unit).
 *
 * The check's pass keeps each valued cell as a 16-byte record in a block (one bytes object per
 * segment of rows, its texts after the records), not as Python objects: a county's export
 * is held in about a third of what its rows as lists take, and each block becomes rows
 * (`rows_of`) only when the import reaches it, then is let go.
 */
#ifndef JIANPIN_XLSXC_ROWS_H
#define JIANPIN_XLSXC_ROWS_H

enum { K_EMPTY, K_NUM, K_DATE, K_DUR, K_SST, K_STR, K_BOOL, K_ERR, K_ISO };

typedef struct {
    uint32_t row;
    uint16_t col;           /* 1-based, at most 16384 */
    uint8_t kind, unused;
    union {
        double num;         /* K_NUM, K_DATE, K_DUR */
        struct { uint32_t off, len; } t;    /* K_STR, K_ISO: a text; K_SST: off is the index;
                                               K_BOOL: off is the value */
    } u;
} Rec;

typedef char rec_is_16_bytes[sizeof(Rec) == 16 ? 1 : -1];

#define BLOCK_HEAD 8        /* uint32 records, uint32 unused; then the records, then texts */

/* ---------- numbers ---------- */

static const u8 *skip_digits(const u8 *p, const u8 *b)
{
    while (p < b && *p >= '0' && *p <= '9')
        p++;
    return p;
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
    p = skip_digits(p, b);
    if (p == d)
        return -1;
    if (p < b && *p == '.') {
        p++;
        d = p;
        p = skip_digits(p, b);
        if (p == d)
            return -1;
    }
    if (p < b && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < b && (*p == '-' || *p == '+'))
            p++;
        d = p;
        p = skip_digits(p, b);
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


/* ---------- ISO dates (t="d") ---------- */

static int fixed(const u8 *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* HH:MM:SS, then .d{1,6} or nothing, to b. Returns 0 or -1. */
static int iso_time(const u8 *p, const u8 *b, int t[4])
{
    if (b - p < 8 || p[2] != ':' || p[5] != ':')
        return -1;
    t[0] = fixed(p, 2);
    t[1] = fixed(p + 3, 2);
    t[2] = fixed(p + 6, 2);
    t[3] = 0;
    if (t[0] < 0 || t[0] > 23 || t[1] < 0 || t[1] > 59 || t[2] < 0 || t[2] > 59)
        return -1;
    p += 8;
    if (p == b)
        return 0;
    if (*p != '.' || b - p < 2 || b - p > 7)
        return -1;
    int scale = 100000;
    for (p++; p < b; p++, scale /= 10) {
        if (*p < '0' || *p > '9')
            return -1;
        t[3] += (*p - '0') * scale;
    }
    return 0;
}

/* The forms of an ISO value that the reader turns into a date (YYYY-MM-DD), a datetime
 * (YYYY-MM-DDTHH:MM:SS[.ffffff]) or a time (HH:MM:SS[.ffffff]), within Python's range; the
 * reader's parser takes looser forms too (one-digit fields, blanks, leap seconds), read as
 * strings or otherwise: those are not taken here. Returns K_DATE, K_DUR (a datetime), K_NUM
 * (a time) as the form, or -1; the fields in f (year, month, day, h, m, s, us). */
static int iso(const u8 *a, const u8 *b, int f[7])
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (b - a >= 8 && a[2] == ':') {
        f[0] = f[1] = f[2] = 0;
        return iso_time(a, b, f + 3) < 0 ? -1 : K_NUM;
    }
    if (b - a < 10 || a[4] != '-' || a[7] != '-')
        return -1;
    f[0] = fixed(a, 4);
    f[1] = fixed(a + 5, 2);
    f[2] = fixed(a + 8, 2);
    if (f[0] < 1 || f[1] < 1 || f[1] > 12 || f[2] < 1)
        return -1;
    int leap = f[0] % 4 == 0 && (f[0] % 100 != 0 || f[0] % 400 == 0);
    if (f[2] > days[f[1] - 1] + (f[1] == 2 && leap))
        return -1;
    if (b - a == 10) {
        f[3] = f[4] = f[5] = f[6] = 0;
        return K_DATE;
    }
    if (a[10] != 'T' || iso_time(a + 11, b, f + 3) < 0)
        return -1;
    return K_DUR;
}

static PyObject *iso_value(const u8 *a, const u8 *b)
{
    int f[7];
    switch (iso(a, b, f)) {
    case K_DATE:
        return PyDate_FromDate(f[0], f[1], f[2]);
    case K_DUR:
        return PyDateTime_FromDateAndTime(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    case K_NUM:
        return PyTime_FromTime(f[3], f[4], f[5], f[6]);
    default:
        PyErr_SetString(PyExc_ValueError, "ISO value changed");
        return NULL;
    }
}

/* ---------- records to rows ---------- */

/* Inline strings repeat down a column (a relation to the head, a village, 是/否): each column
 * keeps its last texts in a small direct-mapped table, and a text met again is the same str
 * object, not a new one. A column whose texts seldom repeat (names, ID numbers) stops looking
 * after its first MOST_TRIES. The keys are spans of the block's texts, held for the call. */
#define SLOTS 64
#define MOST_TRIES 256
#define LONGEST_KEY 128

typedef struct {
    const u8 *key;
    uint32_t hash, len;
    PyObject *obj;
} Slot;

typedef struct {
    Slot slot[SLOTS];
    uint32_t tries, hits;
} Column;

static uint32_t fnv(const u8 *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static PyObject *column_str(Column *c, const u8 *p, size_t n)
{
    if (!c || n == 0 || n > LONGEST_KEY || (c->tries >= MOST_TRIES && c->hits < c->tries / 4))
        return make_str(p, n);
    uint32_t h = fnv(p, n);
    Slot *s = &c->slot[h % SLOTS];
    c->tries++;
    if (s->obj && s->hash == h && s->len == n && memcmp(s->key, p, n) == 0) {
        c->hits++;
        return Py_NewRef(s->obj);
    }
    PyObject *o = make_str(p, n);
    if (!o)
        return NULL;
    Py_XSETREF(s->obj, Py_NewRef(o));
    s->key = p;
    s->hash = h;
    s->len = (uint32_t)n;
    return o;
}

static void columns_free(Column **cols, Py_ssize_t width)
{
    if (!cols)
        return;
    for (Py_ssize_t i = 0; i < width; i++) {
        if (!cols[i])
            continue;
        for (int k = 0; k < SLOTS; k++)
            Py_XDECREF(cols[i]->slot[k].obj);
        free(cols[i]);
    }
    free(cols);
}


static PyObject *convert(const Rec *r, const u8 *texts, PyObject *strings, Column *col)
{
    switch (r->kind) {
    case K_NUM:
        return PyFloat_FromDouble(r->u.num);
    case K_DATE:
        return excel_date(r->u.num);
    case K_DUR:
        return excel_duration(r->u.num);
    case K_SST:
        return shared(strings, (long)r->u.t.off);
    case K_STR:
        return column_str(col, texts + r->u.t.off, r->u.t.len);
    case K_ISO:
        return iso_value(texts + r->u.t.off, texts + r->u.t.off + r->u.t.len);
    case K_BOOL:
        return PyBool_FromLong(r->u.t.off);
    default:
        return Py_NewRef(EMPTY);
    }
}

static int strings_ok(PyObject *strings, long *count)
{
    *count = 0;
    if (strings == Py_None)
        return 0;
    if (!PyTuple_Check(strings) || PyTuple_GET_SIZE(strings) != 3 ||
        !PyBytes_Check(PyTuple_GET_ITEM(strings, 0)) ||
        !PyBytes_Check(PyTuple_GET_ITEM(strings, 1)) ||
        !PyList_Check(PyTuple_GET_ITEM(strings, 2)) ||
        PyBytes_GET_SIZE(PyTuple_GET_ITEM(strings, 1)) !=
            PyList_GET_SIZE(PyTuple_GET_ITEM(strings, 2)) * 8) {
        PyErr_SetString(PyExc_TypeError, "strings: (body, index, cache)");
        return -1;
    }
    *count = (long)PyList_GET_SIZE(PyTuple_GET_ITEM(strings, 2));
    return 0;
}

/* rows_of(block, left, width, strings) -> [(row, cells)]: each row holding a record, `width`
 * cells from column `left` + 1 (every record lies there), "" where none. */
static PyObject *rows_of(PyObject *self, PyObject *args)
{
    Py_buffer blk;
    Py_ssize_t left, width;
    PyObject *strings;
    long nstrings;
    if (!PyArg_ParseTuple(args, "y*nnO", &blk, &left, &width, &strings))
        return NULL;
    PyObject *list = NULL;
    Column **cols = NULL;
    const u8 *base = blk.buf;
    uint32_t n = 0;
    if (strings_ok(strings, &nstrings) < 0)
        goto done;
    if (blk.len >= BLOCK_HEAD)
        memcpy(&n, base, 4);
    if (blk.len < BLOCK_HEAD || (size_t)(blk.len - BLOCK_HEAD) / sizeof(Rec) < n ||
        left < 0 || width < 0 || width > 16384) {
        PyErr_SetString(PyExc_ValueError, "not a block of records");
        goto done;
    }
    const u8 *texts = base + BLOCK_HEAD + (size_t)n * sizeof(Rec);
    size_t tlen = (size_t)(blk.len - BLOCK_HEAD) - (size_t)n * sizeof(Rec);
    list = PyList_New(0);
    cols = calloc(width ? (size_t)width : 1, sizeof(Column *));
    if (!cols)
        PyErr_NoMemory();
    if (!list || !cols)
        goto fail;
    PyObject *cells = NULL;
    uint32_t current = 0;
    for (uint32_t i = 0; i < n; i++) {
        Rec r;
        memcpy(&r, base + BLOCK_HEAD + (size_t)i * sizeof(Rec), sizeof(Rec));
        if (r.col <= left || r.col - left > width || r.kind > K_ISO ||
            ((r.kind == K_STR || r.kind == K_ISO) &&
             (r.u.t.off > tlen || r.u.t.len > tlen - r.u.t.off)) ||
            (r.kind == K_SST && r.u.t.off >= (uint32_t)nstrings)) {
            PyErr_SetString(PyExc_ValueError, "a record outside its block");
            goto fail;
        }
        if (!cells || r.row != current) {
            cells = PyList_New(width);
            if (!cells)
                goto fail;
            for (Py_ssize_t k = 0; k < width; k++)
                PyList_SET_ITEM(cells, k, Py_NewRef(EMPTY));
            PyObject *item = Py_BuildValue("(kN)", (unsigned long)r.row, cells);
            if (!item || PyList_Append(list, item) < 0) {
                Py_XDECREF(item);
                goto fail;
            }
            Py_DECREF(item);
            current = r.row;
        }
        Column **col = &cols[r.col - 1 - left];
        if (r.kind == K_STR && !*col && !(*col = calloc(1, sizeof(Column)))) {
            PyErr_NoMemory();
            goto fail;
        }
        PyObject *v = convert(&r, texts, strings, *col);
        if (!v)
            goto fail;
        PyList_SetItem(cells, r.col - 1 - left, v);     /* a later cell wins, as in the reader */
    }
    goto done;
fail:
    Py_CLEAR(list);
done:
    columns_free(cols, width);
    PyBuffer_Release(&blk);
    return list;
}

#endif
