/* Batches: growable arrays of records, their bytes and member names. */
#include "ingest/record.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Freed batches are kept, up to 8 of them and 2 MiB, and handed out
 * again with their buffers.  A batch's buffers (a quarter megabyte and
 * up) are over glibc's mmap threshold or at the top of a thread's heap:
 * freed and allocated again for every batch, their pages were faulted in
 * again each time (3-6 % of a scan's CPU at -j1; the reader allocates,
 * the workers free, so a per-thread cache would not meet its batches
 * again).  Kept small: at -j2 a larger pool (8 MiB) added 12 MB to the
 * peak RSS of a PEM scan for no less CPU. */
#define POOL_BATCHES 8
#define POOL_BYTES ((size_t)2 << 20)

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static cs_batch *pool[POOL_BATCHES];
static size_t pool_n, pool_bytes;

static size_t batch_bytes(const cs_batch *b)
{
    return b->cap * sizeof *b->recs + b->data_cap + b->strings_cap;
}

static cs_batch *pool_take(void)
{
    cs_batch *b = NULL;
    pthread_mutex_lock(&pool_lock);
    if (pool_n > 0) {
        b = pool[--pool_n];
        pool_bytes -= batch_bytes(b);
    }
    pthread_mutex_unlock(&pool_lock);
    return b;
}

static bool pool_keep(cs_batch *b)
{
    size_t bytes = batch_bytes(b);
    bool kept = false;
    pthread_mutex_lock(&pool_lock);
    if (pool_n < POOL_BATCHES && bytes <= POOL_BYTES - pool_bytes) {
        pool[pool_n++] = b;
        pool_bytes += bytes;
        kept = true;
    }
    pthread_mutex_unlock(&pool_lock);
    return kept;
}

cs_batch *cs_batch_new(void)
{
    cs_batch *b = pool_take();
    if (b) {
        /* As calloc'd, with the buffers kept. */
        *b = (cs_batch){ .recs = b->recs, .cap = b->cap, .data = b->data, .data_cap = b->data_cap,
                         .strings = b->strings, .strings_cap = b->strings_cap };
    } else {
        b = calloc(1, sizeof *b);
        if (!b)
            return NULL;
        b->strings = malloc(64);
        if (!b->strings) {
            free(b);
            return NULL;
        }
        b->strings_cap = 64;
    }
    b->strings[0] = '\0';
    b->strings_len = 1;
    b->csv_column = -1;
    return b;
}

void cs_batch_free(cs_batch *b)
{
    if (!b || pool_keep(b))
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
