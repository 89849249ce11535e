/* String items of the compiled reader: a shared string (`<si>`) and a cell's inline string
 * (`<is>`) have one content, read as calamine reads it (`_xlsxc.c` includes this file once,
 * after `_xlsxc_values.h`: one translation unit).
 *
 * The content is a sequence of plain texts `<t>`, rich runs `<r>` (their properties `<rPr>`
 * ignored) and phonetic runs `<rPh>` with their `<phoneticPr/>` (Japanese and Chinese Excel
 * write them: their reading aids are not the value, and calamine leaves them out). The value
 * is every plain and rich text in order, each decoded on its own (`decode`: a `<t>` without
 * xml:space="preserve" has its blanks cut); an empty item is "". Any other content: NULL,
 * and the caller goes the old way.
 */
#ifndef JIANPIN_XLSXC_STRINGS_H
#define JIANPIN_XLSXC_STRINGS_H

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
        int flags;
        if (text(tmp, tmp + n + 1, &flags) != tmp + n)
            return NULL;
        p += n;
    }
    return p < e ? p : NULL;
}

/* Attributes ` name="value"`: names of letters, each at most once, values without markup. */
static const u8 *plain_attrs(const u8 *p, const u8 *e)
{
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
    return p;
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
        p = plain_attrs(p, e);
        if (!p || !LIT(p, e, "/>"))
            return NULL;
        p += 2;
    }
    return LIT(p, e, "</rPr>") ? p + 6 : NULL;
}

/* `<t>` or `<t xml:space="preserve">`, a text, `</t>`; or `<t/>`. With buf, its value
 * appended. */
static const u8 *tee(const u8 *p, const u8 *e, Buf *buf)
{
    int trim = 1, flags;
    if (LIT(p, e, "<t/>"))
        return p + 4;
    if (LIT(p, e, "<t>")) {
        p += 3;
    } else if (LIT(p, e, "<t xml:space=\"preserve\">")) {
        p += 24;
        trim = 0;
    } else {
        return NULL;
    }
    const u8 *b = text(p, e, &flags);
    if (!b || !LIT(b, e, "</t>") || (buf && decode(buf, p, b, flags, trim) < 0))
        return NULL;
    return b + 4;
}

/* A string item's content from p to its `close` ("</si>" or "</is>"); with buf, its value
 * appended. Returns the end of `close`, or NULL. */
static const u8 *item(const u8 *p, const u8 *e, const char *close, Buf *buf)
{
    size_t n = strlen(close);
    for (;;) {
        if ((size_t)(e - p) >= n && memcmp(p, close, n) == 0)
            return p + n;
        if (LIT(p, e, "<t")) {
            p = tee(p, e, buf);
        } else if (LIT(p, e, "<r>")) {
            p += 3;
            if (LIT(p, e, "<rPr>"))
                p = rpr(p + 5, e);
            if (p && LIT(p, e, "<t"))
                p = tee(p, e, buf);
            p = p && LIT(p, e, "</r>") ? p + 4 : NULL;
        } else if (LIT(p, e, "<rPh")) {
            p = plain_attrs(p + 4, e);
            p = p && LIT(p, e, ">") ? tee(p + 1, e, NULL) : NULL;
            p = p && LIT(p, e, "</rPh>") ? p + 6 : NULL;
        } else if (LIT(p, e, "<phoneticPr")) {
            p = plain_attrs(p + 11, e);
            p = p && LIT(p, e, "/>") ? p + 2 : NULL;
        } else {
            return NULL;
        }
        if (!p)
            return NULL;
    }
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
        const u8 *start = p + 4, *end = item(start, e, "</si>", NULL);
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
    if (item(a, b, "</si>", &buf) != b) {
        free(buf.b);
        PyErr_SetString(PyExc_ValueError, "shared string changed");
        return NULL;
    }
    PyObject *s = make_str((const u8 *)buf.b, buf.n);
    free(buf.b);
    if (!s)
        return NULL;
    PyList_SetItem(cache, idx, Py_NewRef(s));
    return s;
}

#endif
