/* Texts, shared strings and dates of the compiled reader (`_xlsxc.c` includes this file once: one
 * translation unit). A text is validated (XML characters in UTF-8, references to XML
 * characters, no "]]>") before anything is decoded; every cursor is checked against its end. */
#ifndef JIANPIN_XLSXC_VALUES_H
#define JIANPIN_XLSXC_VALUES_H

#define LIT(p, e, s) ((size_t)((e) - (p)) >= sizeof(s) - 1 && memcmp((p), (s), sizeof(s) - 1) == 0)

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
 * '<' or NULL; *amp notes a reference. `formula`: a formula's text, which no reader turns
 * into a value, so "_x" (Excel's `_xlfn.` names) and a CR (a line break typed in the formula
 * bar) are let through; the XML rules stay. */
static inline const u8 *text_of(const u8 *p, const u8 *e, int *amp, int formula)
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
            if (b == '_' && p + 1 < e && p[1] == 'x' && !formula)
                return NULL;
            if (b < 0x20 && b != 0x9 && b != 0xA && !(b == 0xD && formula))
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

static const u8 *text(const u8 *p, const u8 *e, int *amp)
{
    return text_of(p, e, amp, 0);
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

#endif
