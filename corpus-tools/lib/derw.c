/* A tiny DER writer for certgen: see derw.h. */
#include "derw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cg_buf_free(cg_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

void cg_buf_reserve(cg_buf *b, size_t extra)
{
    if (b->n + extra <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra)
        cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (!p) {
        fputs("certgen: out of memory\n", stderr);
        abort();
    }
    b->p = p;
    b->cap = cap;
}

void cg_buf_put(cg_buf *b, const void *data, size_t len)
{
    if (!len)
        return;
    cg_buf_reserve(b, len);
    memcpy(b->p + b->n, data, len);
    b->n += len;
}

void cg_buf_byte(cg_buf *b, uint8_t v)
{
    cg_buf_put(b, &v, 1);
}

static void put_len(cg_buf *b, size_t len)
{
    if (len < 0x80) {
        cg_buf_byte(b, (uint8_t)len);
        return;
    }
    uint8_t tmp[8];
    int n = 0;
    for (size_t l = len; l; l >>= 8)
        tmp[n++] = (uint8_t)(l & 0xff);
    cg_buf_byte(b, (uint8_t)(0x80 | n));
    while (n)
        cg_buf_byte(b, tmp[--n]);
}

void cg_der_tlv(cg_buf *b, uint8_t tag, const void *content, size_t len)
{
    cg_buf_byte(b, tag);
    put_len(b, len);
    cg_buf_put(b, content, len);
}

void cg_der_wrap(cg_buf *b, uint8_t tag, cg_buf *inner)
{
    cg_der_tlv(b, tag, inner->p, inner->n);
    cg_buf_free(inner);
}

size_t cg_oid_encode(const char *dotted, uint8_t *out, size_t size)
{
    uint64_t arcs[64];
    size_t n = 0;
    const char *s = dotted;
    while (*s) {
        if (*s < '0' || *s > '9' || n == 64)
            return 0;
        char *end;
        arcs[n++] = strtoull(s, &end, 10);
        s = end;
        if (*s == '.')
            s++;
        else if (*s)
            return 0;
    }
    if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39))
        return 0;
    size_t o = 0;
    for (size_t i = 1; i < n; i++) {
        uint64_t v = i == 1 ? arcs[0] * 40 + arcs[1] : arcs[i];
        uint8_t tmp[10];
        int k = 0;
        do {
            tmp[k++] = (uint8_t)(v & 0x7f);
            v >>= 7;
        } while (v);
        if (o + (size_t)k > size)
            return 0;
        while (k) {
            k--;
            out[o++] = (uint8_t)(tmp[k] | (k ? 0x80 : 0));
        }
    }
    return o;
}

bool cg_der_oid(cg_buf *b, const char *dotted)
{
    uint8_t tmp[128];
    size_t n = cg_oid_encode(dotted, tmp, sizeof tmp);
    if (!n)
        return false;
    cg_der_tlv(b, 0x06, tmp, n);
    return true;
}

void cg_der_uint(cg_buf *b, uint64_t v)
{
    uint8_t tmp[9];
    int n = 0;
    do {
        tmp[n++] = (uint8_t)(v & 0xff);
        v >>= 8;
    } while (v);
    if (tmp[n - 1] & 0x80)
        tmp[n++] = 0;
    uint8_t out[9];
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    cg_der_tlv(b, 0x02, out, (size_t)n);
}

void cg_der_name(cg_buf *b, const char *const *av)
{
    cg_buf rdns = {0};
    for (; av[0]; av += 2) {
        cg_buf atv = {0}, set = {0};
        cg_der_oid(&atv, !strcmp(av[0], "C") ? "2.5.4.6" : !strcmp(av[0], "O") ? "2.5.4.10" : "2.5.4.3");
        cg_der_tlv(&atv, strcmp(av[0], "C") ? 0x0c : 0x13, av[1], strlen(av[1]));
        cg_der_wrap(&set, 0x30, &atv);
        cg_der_wrap(&rdns, 0x31, &set);
    }
    cg_der_wrap(b, 0x30, &rdns);
}
