/* cs_record_sort(): see record_sort.h. */
#include "corpus/record_sort.h"

#include <stdlib.h>
#include <string.h>

#define SMALL 32 /* ranges sorted by insertion */

typedef struct range {
    size_t lo, hi, depth; /* idx[lo, hi): records equal in their first `depth` octets */
} range;

typedef struct sorter {
    const uint8_t *buf;
    size_t size;
    uint32_t *idx, *tmp;
    range *stack;
    size_t n_stack, cap_stack;
} sorter;

static const uint8_t *rec(const sorter *s, uint32_t i) { return s->buf + (size_t)i * s->size; }

static void insertion(sorter *s, size_t lo, size_t hi, size_t depth)
{
    size_t rest = s->size - depth;
    for (size_t i = lo + 1; i < hi; i++) {
        uint32_t v = s->idx[i];
        const uint8_t *r = rec(s, v) + depth;
        size_t j = i;
        while (j > lo && memcmp(rec(s, s->idx[j - 1]) + depth, r, rest) > 0) {
            s->idx[j] = s->idx[j - 1];
            j--;
        }
        s->idx[j] = v;
    }
}

/* Octets past `depth` that every record of the range shares with its
 * first, compared eight at a time. */
static size_t common_prefix(const sorter *s, size_t lo, size_t hi, size_t depth)
{
    const uint8_t *first = rec(s, s->idx[lo]) + depth;
    size_t lcp = s->size - depth;
    for (size_t i = lo + 1; i < hi && lcp; i++) {
        const uint8_t *r = rec(s, s->idx[i]) + depth;
        size_t k = 0;
        for (; k + 8 <= lcp; k += 8) {
            uint64_t a, b;
            memcpy(&a, first + k, 8);
            memcpy(&b, r + k, 8);
            if (a != b)
                break;
        }
        while (k < lcp && r[k] == first[k])
            k++;
        lcp = k;
    }
    return lcp;
}

static bool push(sorter *s, range r)
{
    if (s->n_stack == s->cap_stack) {
        size_t cap = s->cap_stack ? 2 * s->cap_stack : 64;
        range *p = realloc(s->stack, cap * sizeof *p);
        if (!p)
            return false;
        s->stack = p;
        s->cap_stack = cap;
    }
    s->stack[s->n_stack++] = r;
    return true;
}

/* Splits one range on its first differing octet; the parts go on the stack. */
static bool split(sorter *s, range r)
{
    r.depth += common_prefix(s, r.lo, r.hi, r.depth);
    if (r.depth == s->size)
        return true; /* all equal */
    size_t count[256] = { 0 }, start[256];
    for (size_t i = r.lo; i < r.hi; i++)
        count[rec(s, s->idx[i])[r.depth]]++;
    size_t at = r.lo;
    for (int b = 0; b < 256; b++) {
        start[b] = at;
        at += count[b];
    }
    for (size_t i = r.lo; i < r.hi; i++)
        s->tmp[start[rec(s, s->idx[i])[r.depth]]++] = s->idx[i];
    memcpy(s->idx + r.lo, s->tmp + r.lo, (r.hi - r.lo) * sizeof *s->idx);
    for (size_t b = 0, lo = r.lo; b < 256; lo += count[b], b++) {
        if (count[b] < 2)
            continue;
        if (count[b] <= SMALL)
            insertion(s, lo, lo + count[b], r.depth + 1);
        else if (!push(s, (range){ lo, lo + count[b], r.depth + 1 }))
            return false;
    }
    return true;
}

/* Moves record idx[j] to position j for every j, along the cycles of the
 * permutation, with one record of scratch. */
static void permute(uint8_t *buf, size_t size, uint32_t *idx, size_t n, uint8_t *scratch)
{
    for (size_t i = 0; i < n; i++) {
        if (idx[i] == i)
            continue;
        memcpy(scratch, buf + i * size, size);
        size_t j = i;
        for (;;) {
            size_t k = idx[j];
            idx[j] = (uint32_t)j;
            if (k == i) {
                memcpy(buf + j * size, scratch, size);
                break;
            }
            memcpy(buf + j * size, buf + k * size, size);
            j = k;
        }
    }
}

bool cs_record_sort(uint8_t *buf, size_t n, size_t size)
{
    if (n < 2 || size == 0)
        return true;
    if (n > UINT32_MAX)
        return false;
    sorter s = { .buf = buf, .size = size };
    s.idx = malloc(n * sizeof *s.idx);
    s.tmp = malloc(n * sizeof *s.tmp);
    uint8_t *scratch = malloc(size);
    bool ok = s.idx && s.tmp && scratch;
    for (size_t i = 0; ok && i < n; i++)
        s.idx[i] = (uint32_t)i;
    if (ok && n <= SMALL)
        insertion(&s, 0, n, 0);
    else if (ok)
        ok = push(&s, (range){ 0, n, 0 });
    while (ok && s.n_stack)
        ok = split(&s, s.stack[--s.n_stack]);
    if (ok)
        permute(buf, size, s.idx, n, scratch);
    free(s.idx);
    free(s.tmp);
    free(s.stack);
    free(scratch);
    return ok;
}
