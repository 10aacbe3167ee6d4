/* Pending applicable sets of an issuer; see applicable_runs.h. */
#include "agg/applicable_runs.h"

#include <stdlib.h>
#include <string.h>

#include "lint/ruleset.h"

cs_applicable_runs *cs_applicable_runs_new(size_t words)
{
    if (words == 0 || words > CS_MAX_RULES / 64)
        return NULL;
    cs_applicable_runs *ar = calloc(1, sizeof *ar + CS_APPLICABLE_RUNS * words * sizeof(uint64_t));
    if (ar)
        ar->words = (uint32_t)words;
    return ar;
}

static bool same_set(const uint64_t *a, const uint64_t *b, size_t words)
{
    for (size_t w = 0; w < words; w++)
        if (a[w] != b[w])
            return false;
    return true;
}

/* Moves place i to the front, the places before it one down. */
static void to_front(cs_applicable_runs *ar, uint32_t i)
{
    if (i == 0)
        return;
    size_t w = ar->words;
    uint64_t count = ar->count[i], keep[CS_MAX_RULES / 64];
    memcpy(keep, ar->set + (size_t)i * w, w * sizeof *keep);
    memmove(ar->count + 1, ar->count, i * sizeof *ar->count);
    memmove(ar->set + w, ar->set, (size_t)i * w * sizeof *ar->set);
    ar->count[0] = count;
    memcpy(ar->set, keep, w * sizeof *keep);
}

bool cs_applicable_runs_count(cs_applicable_runs *ar, const uint64_t *set)
{
    for (uint32_t i = 0; i < ar->n; i++)
        if (same_set(ar->set + (size_t)i * ar->words, set, ar->words)) {
            ar->count[i]++;
            to_front(ar, i);
            return true;
        }
    return false;
}

const uint64_t *cs_applicable_runs_leaving(const cs_applicable_runs *ar, uint64_t *count)
{
    if (ar->n < CS_APPLICABLE_RUNS)
        return NULL;
    *count = ar->count[ar->n - 1];
    return ar->set + (size_t)(ar->n - 1) * ar->words;
}

void cs_applicable_runs_push(cs_applicable_runs *ar, const uint64_t *set)
{
    uint32_t last = ar->n < CS_APPLICABLE_RUNS ? ar->n++ : ar->n - 1;
    memcpy(ar->set + (size_t)last * ar->words, set, ar->words * sizeof *set);
    ar->count[last] = 1;
    to_front(ar, last);
}
