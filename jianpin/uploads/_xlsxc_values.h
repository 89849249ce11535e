/* Texts, shared strings and dates of the compiled reader (`_xlsxc.c` includes this file once: one
 * translation unit). A text is validated (XML characters in UTF-8, references to XML
 * characters, no "]]>") before anything is decoded; every cursor is checked against its end. */
#ifndef JIANPIN_XLSXC_VALUES_H
#define JIANPIN_XLSXC_VALUES_H

#define LIT(p, e, s) ((size_t)((e) - (p)) >= sizeof(s) - 1 && memcmp((p), (s), sizeof(s) - 1) == 0)

/* ---------- texts ---------- */

static int xml_char(long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* An entity reference at p ('&'); its code point in *code, its end returned, or NULL. */
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
    if (q >= e || *q != ';' || !xml_char(c))
        return NULL;
    *code = c;
    return q + 1;
}

/* What a text holds that its value must be decoded for (`decode`): a reference, a literal CR
 * (XML's line-end rule makes it LF), an Excel escape `_x00HH_`. */
enum { T_REF = 1, T_CR = 2, T_ESC = 4 };

/* Validate a text from p up to the next '<': XML characters in UTF-8, references to XML
 * characters only, no "]]>". Returns the '<' or NULL; *flags notes what decoding it needs. */
static const u8 *text(const u8 *p, const u8 *e, int *flags)
{
    *flags = 0;
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
                *flags |= T_REF;
                p = q;
                continue;
            }
            if (b == ']' && e - p >= 3 && p[1] == ']' && p[2] == '>')
                return NULL;
            if (b == '_' && e - p >= 4 && p[1] == 'x' && p[2] == '0' && p[3] == '0')
                *flags |= T_ESC;
            if (b == 0xD)
                *flags |= T_CR;
            else if (b < 0x20 && b != 0x9 && b != 0xA)
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

static size_t put_utf8(u8 out[4], long c)
{
    if (c < 0x80) {
        out[0] = (u8)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (u8)(0xC0 | (c >> 6));
        out[1] = (u8)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (u8)(0xE0 | (c >> 12));
        out[1] = (u8)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (u8)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (u8)(0xF0 | (c >> 18));
    out[1] = (u8)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (u8)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (u8)(0x80 | (c & 0x3F));
    return 4;
}

static int hex(u8 b)
{
    return (b >= '0' && b <= '9') ? b - '0' : (b >= 'a' && b <= 'f') ? b - 'a' + 10
           : (b >= 'A' && b <= 'F') ? b - 'A' + 10 : -1;
}

/* The byte of an escape's two digits as calamine reads them (Rust's u8::from_str_radix(.., 16):
 * two hex digits, or '+' and one), or -1. */
static int escaped(const u8 *d)
{
    int hi = d[0] == '+' ? 0 : hex(d[0]), lo = hex(d[1]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

static int is_blank(u8 b)
{
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
}

/* Append a validated text's value, as calamine reads it: literal CR LF and CR become LF
 * (XML's line ends; a reference to CR stays CR), references decoded; `trim` (a `<t>` without
 * xml:space="preserve"): blanks (space, tab, CR, LF) cut from both ends; then each Excel
 * escape `_x00HH_` becomes the character U+00HH (`_x005F_` is how Excel writes a literal
 * "_" before "x00"). `flags` from `text`: 0 and nothing to cut, a plain copy. */
static int decode(Buf *buf, const u8 *p, const u8 *e, int flags, int trim)
{
    if (trim && !flags) {
        while (p < e && is_blank(*p))
            p++;
        while (e > p && is_blank(e[-1]))
            e--;
    }
    if (!flags)
        return buf_put(buf, p, (size_t)(e - p));
    size_t start = buf->n;
    while (p < e) {
        const u8 *q = p;
        while (q < e && *q != '&' && *q != 0xD)
            q++;
        if (buf_put(buf, p, (size_t)(q - p)) < 0)
            return -1;
        if (q == e)
            break;
        u8 out[4];
        size_t n = 1;
        out[0] = '\n';
        if (*q == 0xD) {
            p = q + 1;
            if (p < e && *p == '\n')
                continue;           /* CR LF: the LF is copied next */
        } else {
            long c;
            p = entity(q, e, &c);
            if (!p)
                return -1;
            n = put_utf8(out, c);
        }
        if (buf_put(buf, out, n) < 0)
            return -1;
    }
    u8 *a = (u8 *)buf->b + start, *b = (u8 *)buf->b + buf->n;
    if (trim) {
        while (a < b && is_blank(*a))
            a++;
        while (b > a && is_blank(b[-1]))
            b--;
    }
    u8 *w = (u8 *)buf->b + start;
    while (a < b) {             /* in place: an escape's character is shorter than it */
        int c;
        if (*a == '_' && b - a >= 7 && a[1] == 'x' && a[2] == '0' && a[3] == '0' &&
            a[6] == '_' && (c = escaped(a + 4)) >= 0) {
            w += put_utf8(w, c);
            a += 7;
        } else {
            *w++ = *a++;
        }
    }
    buf->n = (size_t)(w - (u8 *)buf->b);
    return 0;
}

static PyObject *make_str(const u8 *p, size_t n)
{
    if (n == 0) {
        Py_INCREF(EMPTY);
        return EMPTY;
    }
    return PyUnicode_DecodeUTF8((const char *)p, (Py_ssize_t)n, "strict");
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
