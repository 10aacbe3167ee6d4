/* External sort of fixed-size records; see extsort.h. */
#include "corpus/extsort.h"
#include "corpus/record_sort.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW (64u << 10)

typedef struct run {
    off_t offset;    /* in the temporary file */
    uint64_t count;
} run;

struct cs_extsort {
    size_t size;         /* bytes per record */
    size_t cap;          /* records the buffer may hold (the bound) */
    size_t cap_alloc;    /* records allocated so far (grows to cap) */
    size_t n;            /* records in the buffer */
    uint8_t *buf;
    bool sorted;         /* the buffer is sorted (no add since) */
    FILE *tmp;
    off_t end;           /* bytes written to tmp */
    run *runs;
    size_t n_runs, cap_runs;
    uint64_t total;
    bool failed;
};

static int cmp_records(const void *a, const void *b, void *size)
{
    return memcmp(a, b, *(const size_t *)size);
}

cs_extsort *cs_extsort_new(size_t record_size, size_t memory_limit)
{
    if (record_size == 0)
        return NULL;
    cs_extsort *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->size = record_size;
    /* The bound covers the records and what sorting them takes. */
    size_t per = record_size + CS_RECORD_SORT_OVERHEAD;
    s->cap = memory_limit / per ? memory_limit / per : 1;
    return s;
}

void cs_extsort_free(cs_extsort *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s->runs);
    if (s->tmp)
        fclose(s->tmp);
    free(s);
}

static void sort_buffer(cs_extsort *s)
{
    /* The radix sort needs a little memory; without it, qsort. */
    if (!s->sorted && s->n > 1 && !cs_record_sort(s->buf, s->n, s->size)) /* an empty sorter has no buffer */
        qsort_r(s->buf, s->n, s->size, cmp_records, &s->size);
    s->sorted = true;
}

/* Writes the sorted buffer as a new run and empties it. */
static bool spill(cs_extsort *s)
{
    if (s->n_runs == s->cap_runs) {
        size_t cap = s->cap_runs ? 2 * s->cap_runs : 16;
        run *r = realloc(s->runs, cap * sizeof *r);
        if (!r)
            return false;
        s->runs = r;
        s->cap_runs = cap;
    }
    if (!s->tmp && !(s->tmp = tmpfile()))
        return false;
    sort_buffer(s);
    if (fseeko(s->tmp, s->end, SEEK_SET) != 0 || fwrite(s->buf, s->size, s->n, s->tmp) != s->n ||
        fflush(s->tmp) != 0)
        return false;
    s->runs[s->n_runs++] = (run){ s->end, s->n };
    s->end += (off_t)(s->n * s->size);
    s->n = 0;
    return true;
}

void *cs_extsort_reserve(cs_extsort *s)
{
    if (s->failed)
        return NULL;
    if (!s->buf) {
        /* Grows to the bound: a small corpus never allocates it whole. */
        size_t first = s->cap < 1024 ? s->cap : 1024;
        if (!(s->buf = malloc(first * s->size))) {
            s->failed = true;
            return NULL;
        }
        s->cap_alloc = first;
    }
    if (s->n == s->cap_alloc) {
        if (s->cap_alloc < s->cap) {
            size_t grow = s->cap_alloc * 2 < s->cap ? s->cap_alloc * 2 : s->cap;
            uint8_t *b = realloc(s->buf, grow * s->size);
            if (!b) {
                s->failed = true;
                return NULL;
            }
            s->buf = b;
            s->cap_alloc = grow;
        } else if (!spill(s)) {
            s->failed = true;
            return NULL;
        }
    }
    return s->buf + s->n * s->size;
}

void cs_extsort_commit(cs_extsort *s)
{
    s->n++;
    s->total++;
    s->sorted = false;
}

bool cs_extsort_add(cs_extsort *s, const void *record)
{
    void *room = cs_extsort_reserve(s);
    if (!room)
        return false;
    memcpy(room, record, s->size);
    cs_extsort_commit(s);
    return true;
}

bool cs_extsort_add_all(cs_extsort *into, cs_extsort *from)
{
    if (from->size != into->size)
        return false;
    cs_extsort_iter *it = cs_extsort_iter_new(from);
    if (!it)
        return false;
    const uint8_t *r;
    bool ok = true;
    while (ok && (r = cs_extsort_next(it)))
        ok = cs_extsort_add(into, r);
    ok = ok && !cs_extsort_iter_failed(it);
    cs_extsort_iter_free(it);
    return ok;
}

uint64_t cs_extsort_count(const cs_extsort *s) { return s->total; }
size_t cs_extsort_record_size(const cs_extsort *s) { return s->size; }
size_t cs_extsort_runs(const cs_extsort *s) { return s->n_runs; }

/* ---- iteration: a heap of sources (runs through a window, and the buffer) */

typedef struct source {
    const cs_extsort *s;
    off_t next;          /* file offset of the next window (runs) */
    uint64_t left;       /* records not yet loaded into the window */
    uint8_t *window;     /* NULL for the in-memory buffer */
    const uint8_t *cur, *end;
} source;

struct cs_extsort_iter {
    cs_extsort *s;
    size_t n;            /* sources in the heap */
    source *src;
    size_t *heap;        /* indices into src, min-heap by current record */
    bool started, failed;
};

static bool refill(cs_extsort_iter *it, source *x)
{
    if (x->cur < x->end)
        return true;
    if (!x->window || x->left == 0)
        return false;
    size_t size = it->s->size, per = WINDOW / size ? WINDOW / size : 1;
    size_t take = x->left < per ? (size_t)x->left : per;
    ssize_t got = pread(fileno(it->s->tmp), x->window, take * size, x->next);
    if (got != (ssize_t)(take * size)) {
        it->failed = true;
        return false;
    }
    x->next += (off_t)(take * size);
    x->left -= take;
    x->cur = x->window;
    x->end = x->window + take * size;
    return true;
}

static bool less(const cs_extsort_iter *it, size_t a, size_t b)
{
    int c = memcmp(it->src[a].cur, it->src[b].cur, it->s->size);
    return c < 0 || (c == 0 && a < b);
}

static void sift_down(cs_extsort_iter *it, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < it->n && less(it, it->heap[l], it->heap[m]))
            m = l;
        if (r < it->n && less(it, it->heap[r], it->heap[m]))
            m = r;
        if (m == i)
            return;
        size_t t = it->heap[i];
        it->heap[i] = it->heap[m];
        it->heap[m] = t;
        i = m;
    }
}

cs_extsort_iter *cs_extsort_iter_new(cs_extsort *s)
{
    cs_extsort_iter *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    it->s = s;
    sort_buffer(s);
    size_t n = s->n_runs + 1;
    it->src = calloc(n, sizeof *it->src);
    it->heap = calloc(n, sizeof *it->heap);
    if (!it->src || !it->heap) {
        cs_extsort_iter_free(it);
        return NULL;
    }
    for (size_t i = 0; i < s->n_runs; i++) {
        source *x = &it->src[i];
        if (!(x->window = malloc(WINDOW > s->size ? WINDOW : s->size))) {
            cs_extsort_iter_free(it);
            return NULL;
        }
        x->next = s->runs[i].offset;
        x->left = s->runs[i].count;
    }
    source *mem = &it->src[s->n_runs];
    mem->cur = s->buf;
    mem->end = s->buf ? s->buf + s->n * s->size : NULL;
    for (size_t i = 0; i < n; i++)
        if (refill(it, &it->src[i]))
            it->heap[it->n++] = i;
    for (size_t i = it->n; i-- > 0;)
        sift_down(it, i);
    return it;
}

const uint8_t *cs_extsort_next(cs_extsort_iter *it)
{
    if (it->failed)
        return NULL;
    if (it->started && it->n) {
        /* Advance the source of the record returned last. */
        source *x = &it->src[it->heap[0]];
        x->cur += it->s->size;
        if (!refill(it, x)) {
            if (it->failed)
                return NULL;
            it->heap[0] = it->heap[--it->n];
        }
        sift_down(it, 0);
    }
    it->started = true;
    return it->n ? it->src[it->heap[0]].cur : NULL;
}

bool cs_extsort_iter_failed(const cs_extsort_iter *it) { return it->failed; }

void cs_extsort_iter_free(cs_extsort_iter *it)
{
    if (!it)
        return;
    for (size_t i = 0; it->src && i < it->s->n_runs; i++)
        free(it->src[i].window);
    free(it->src);
    free(it->heap);
    free(it);
}
