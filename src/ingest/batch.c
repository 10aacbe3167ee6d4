/* Batches: growable arrays of records, their bytes and member names. */
#include "ingest/record.h"

#include <stdlib.h>
#include <string.h>

cs_batch *cs_batch_new(void)
{
    cs_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->strings = malloc(64);
    if (!b->strings) {
        free(b);
        return NULL;
    }
    b->strings[0] = '\0';
    b->strings_len = 1;
    b->strings_cap = 64;
    b->csv_column = -1;
    return b;
}

void cs_batch_free(cs_batch *b)
{
    if (!b)
        return;
    free(b->recs);
    free(b->data);
    free(b->strings);
    free(b);
}

void cs_batch_reset(cs_batch *b)
{
    b->n = 0;
    b->data_len = 0;
    b->strings_len = 1; /* keep "" at offset 0 */
}

/* Grows *buf to hold at least need elements of size elem; doubling keeps
 * appends amortised O(1). */
static bool grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return false;
        n *= 2;
    }
    void *p = realloc(*buf, n * elem);
    if (!p)
        return false;
    *buf = p;
    *cap = n;
    return true;
}

bool cs_batch_reserve(cs_batch *b, size_t records, size_t bytes)
{
    void *r = b->recs, *d = b->data;
    bool ok = grow(&r, &b->cap, records, sizeof *b->recs);
    b->recs = r;
    ok = ok && grow(&d, &b->data_cap, bytes, 1);
    b->data = d;
    return ok;
}

uint32_t cs_batch_intern(cs_batch *b, const char *member)
{
    if (!member || !*member)
        return 0;
    size_t len = strlen(member);
    /* Records of one member come in runs: reuse the last name. */
    if (b->strings_len > len + 1) {
        size_t last = b->strings_len - len - 1;
        if ((last == 0 || b->strings[last - 1] == '\0') && memcmp(b->strings + last, member, len + 1) == 0)
            return (uint32_t)last;
    }
    if (b->strings_len + len + 1 > UINT32_MAX)
        return 0;
    void *s = b->strings;
    if (!grow(&s, &b->strings_cap, b->strings_len + len + 1, 1))
        return 0;
    b->strings = s;
    uint32_t off = (uint32_t)b->strings_len;
    memcpy(b->strings + off, member, len + 1);
    b->strings_len += len + 1;
    return off;
}

bool cs_batch_add(cs_batch *b, cs_record_encoding enc, const void *data, size_t len,
                  const cs_origin *origin)
{
    if (len > UINT32_MAX || b->data_len + len > UINT32_MAX)
        return false;
    void *r = b->recs, *d = b->data;
    if (!grow(&r, &b->cap, b->n + 1, sizeof *b->recs))
        return false;
    b->recs = r;
    if (!grow(&d, &b->data_cap, b->data_len + len, 1))
        return false;
    b->data = d;
    cs_record *rec = &b->recs[b->n++];
    rec->encoding = (uint8_t)enc;
    rec->data_off = (uint32_t)b->data_len;
    rec->data_len = (uint32_t)len;
    rec->origin = *origin;
    if (len)
        memcpy(b->data + b->data_len, data, len);
    b->data_len += len;
    return true;
}
