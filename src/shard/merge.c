/* Merging state files, split by split (see merge.h). */
#include "shard/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/identity.h"
#include "agg/shard_tally.h"
#include "agg/tally_data.h"
#include "report/state.h"
#include "shard/plan.h"

/* The shards of one split seen so far; its inputs are total's [base, base + n_inputs). */
typedef struct split {
    uint32_t n;
    size_t base, n_inputs;
    const char **from;      /* n entries: the state file of shard K at K-1, NULL while missing */
    uint32_t *reason_k;     /* per input: the shard whose incomplete reason is kept (0: none) */
} split;

typedef struct merger {
    cs_tally *total;
    split *splits;
    size_t n_splits;
    /* Which state file brought each scan and input of the total, to name it. */
    const char **scan_from, **input_from;
    char *err;
    size_t err_size;
} merger;

static bool oom(merger *m, const char *path)
{
    snprintf(m->err, m->err_size, "%s: out of memory while merging", path);
    return false;
}

/* from[have .. now) = path. */
static bool note_origin(const char ***from, size_t have, size_t now, const char *path)
{
    if (now <= have)
        return true;
    const char **v = realloc(*from, now * sizeof *v);
    if (!v)
        return false;
    for (size_t i = have; i < now; i++)
        v[i] = path;
    *from = v;
    return true;
}

/* The shard of a state: every input is read by shard K of N, or none is. */
static bool shard_of(const cs_tally *t, uint32_t *k, uint32_t *n)
{
    *k = *n = 0;
    for (size_t i = 0; i < t->n_inputs; i++)
        if (t->inputs[i].shard_n) {
            *k = t->inputs[i].shard_k;
            *n = t->inputs[i].shard_n;
        }
    for (size_t i = 0; i < t->n_inputs && *n; i++)
        if (t->inputs[i].shard_k != *k || t->inputs[i].shard_n != *n)
            *n = UINT32_MAX;
    return *n != 0;
}

static const char *name_of(const cs_tally_input *in) { return in->name ? in->name : "?"; }

static void plan_text(const cs_tally_shard_plan *p, bool seen, char *out, size_t size)
{
    snprintf(out, size, "%llu units, %llu bytes", (unsigned long long)(seen ? p->seen_units : p->units),
             (unsigned long long)(seen ? p->seen_bytes : p->bytes));
}

/* The split a shard state belongs to: the same N and input names. */
static split *find_split(merger *m, const cs_tally *t, uint32_t n)
{
    for (size_t s = 0; s < m->n_splits; s++) {
        split *sp = &m->splits[s];
        if (sp->n != n || sp->n_inputs != t->n_inputs)
            continue;
        size_t i = 0;
        while (i < t->n_inputs && strcmp(name_of(&m->total->inputs[sp->base + i]), name_of(&t->inputs[i])) == 0)
            i++;
        if (i == t->n_inputs)
            return sp;
    }
    return NULL;
}

/* The checks of a shard against itself and the splits before it. */
static bool shard_fits(merger *m, const char *path, const cs_tally *t, uint32_t k, uint32_t n, split *sp)
{
    char a[96], b[96];
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_shard_plan *p = &t->inputs[i].plan;
        if (memcmp(p->planned, p->seen, 32) != 0) {
            plan_text(p, false, a, sizeof a);
            plan_text(p, true, b, sizeof b);
            snprintf(m->err, m->err_size,
                     "%s: shard %u/%u: input '%s' changed between the shard's planning and its scan "
                     "(planned %s; found %s): scan that shard again",
                     path, k, n, name_of(&t->inputs[i]), a, b);
            return false;
        }
    }
    if (sp) {
        if (sp->from[k - 1]) {
            snprintf(m->err, m->err_size, "%s: shard %u/%u is already merged from %s: a duplicate shard", path, k, n,
                     sp->from[k - 1]);
            return false;
        }
        for (size_t i = 0; i < t->n_inputs; i++) {
            const cs_tally_input *x = &m->total->inputs[sp->base + i], *y = &t->inputs[i];
            if (memcmp(x->plan.planned, y->plan.planned, 32) != 0) {
                plan_text(&x->plan, false, a, sizeof a);
                plan_text(&y->plan, false, b, sizeof b);
                snprintf(m->err, m->err_size,
                         "%s: shard %u/%u: input '%s' changed between the shards' scans (%s planned %s; "
                         "this one %s): scan the split again",
                         path, k, n, name_of(y), m->input_from[sp->base + i], a, b);
                return false;
            }
        }
        return true;
    }
    /* A new split: none of its inputs may be cut by another split too
     * (the same units under the same name: a plan is only names, sizes
     * and times, which two files under different names may share). */
    for (size_t s = 0; s < m->n_splits; s++)
        for (size_t j = 0; j < m->splits[s].n_inputs; j++) {
            const cs_tally_input *x = &m->total->inputs[m->splits[s].base + j];
            for (size_t i = 0; i < t->n_inputs; i++)
                if (t->inputs[i].plan.units && memcmp(x->plan.planned, t->inputs[i].plan.planned, 32) == 0 &&
                    strcmp(name_of(x), name_of(&t->inputs[i])) == 0) {
                    snprintf(m->err, m->err_size,
                             "%s: shard %u/%u: overlapping inputs: input '%s' is also in the split into %u shards "
                             "of %s; a merge counts each input once",
                             path, k, n, name_of(&t->inputs[i]), m->splits[s].n, m->input_from[m->splits[s].base + j]);
                    return false;
                }
        }
    return true;
}

static split *new_split(merger *m, const cs_tally *t, uint32_t n, size_t base)
{
    split *v = realloc(m->splits, (m->n_splits + 1) * sizeof *v);
    if (!v)
        return NULL;
    m->splits = v;
    split *sp = &v[m->n_splits];
    *sp = (split){ .n = n, .base = base, .n_inputs = t->n_inputs, .from = calloc(n, sizeof *sp->from),
                   .reason_k = calloc(t->n_inputs ? t->n_inputs : 1, sizeof *sp->reason_k) };
    if (!sp->from || !sp->reason_k) {
        free(sp->from);
        free(sp->reason_k);
        return NULL;
    }
    m->n_splits++;
    return sp;
}

/* Adds one state file to the total; t is taken over. */
static bool add_state(merger *m, const char *path, cs_tally *t)
{
    char err[512];
    uint32_t k, n;
    bool sharded = shard_of(t, &k, &n);
    cs_tally_overlap dup;
    if (sharded && n == UINT32_MAX) {
        snprintf(m->err, m->err_size, "%s: its inputs belong to different shards", path);
        goto fail;
    }
    if (sharded && n > CS_SHARD_MAX) {
        snprintf(m->err, m->err_size, "%s: shard %u/%u: more than %u shards", path, k, n, CS_SHARD_MAX);
        goto fail;
    }
    if (m->total && !cs_tally_compatible(m->total, t, err, sizeof err)) {
        snprintf(m->err, m->err_size, "%s: cannot merge: %s", path, err);
        goto fail;
    }
    split *sp = sharded && m->total ? find_split(m, t, n) : NULL;
    if (sharded && !shard_fits(m, path, t, k, n, sp))
        goto fail;
    if (m->total && !cs_tally_disjoint(m->total, t, &dup, err, sizeof err)) {
        snprintf(m->err, m->err_size, "%s: cannot merge: %s (in %s); a merge counts each scan and input once", path,
                 err, (dup.scan ? m->scan_from : m->input_from)[dup.a_index]);
        goto fail;
    }
    size_t scans_before = m->total ? cs_tally_scan_count(m->total) : 0;
    size_t inputs_before = m->total ? cs_tally_input_count(m->total) : 0;
    if (sharded && !sp && !(sp = new_split(m, t, n, inputs_before)))
        return oom(m, path);
    if (!m->total) {
        m->total = t;
        for (size_t i = 0; sharded && i < t->n_inputs; i++)
            sp->reason_k[i] = t->inputs[i].incomplete_reason ? k : 0;
        t = NULL;
    } else if (sharded ? !cs_tally_merge_counts(m->total, t) || !cs_tally_add_shard_inputs(m->total, sp->base, t,
                                                                                           sp->reason_k)
                       : !cs_tally_merge(m->total, t)) {
        oom(m, path);
        goto fail;
    }
    if (sharded)
        sp->from[k - 1] = path;
    cs_tally_free(t);
    if (!note_origin(&m->scan_from, scans_before, cs_tally_scan_count(m->total), path) ||
        !note_origin(&m->input_from, inputs_before, cs_tally_input_count(m->total), path))
        return oom(m, path);
    return true;
fail:
    cs_tally_free(t);
    return false;
}

/* "3/8, 5/8" (the first few of them). */
static size_t missing_text(const split *sp, char *out, size_t size)
{
    size_t missing = 0, len = 0;
    out[0] = '\0';
    for (uint32_t k = 0; k < sp->n; k++) {
        if (sp->from[k])
            continue;
        if (missing++ < 16)
            len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%u/%u", missing > 1 ? ", " : "",
                                    k + 1, sp->n);
    }
    if (missing > 16 && len < size)
        snprintf(out + len, size - len, " and %zu more", missing - 16);
    return missing;
}

/* Every split complete (or, with partial, marked where it is not). */
static bool close_splits(merger *m, bool partial, bool *any_missing)
{
    char list[256], reason[320];
    for (size_t s = 0; s < m->n_splits; s++) {
        split *sp = &m->splits[s];
        size_t missing = missing_text(sp, list, sizeof list);
        if (missing && !partial) {
            snprintf(m->err, m->err_size,
                     "missing shard%s %s of the split of '%s'%s (%s ...): merge every shard, or use --partial",
                     missing == 1 ? "" : "s", list, name_of(&m->total->inputs[sp->base]),
                     sp->n_inputs > 1 ? " and more inputs" : "", m->input_from[sp->base]);
            return false;
        }
        snprintf(reason, sizeof reason, "shard%s %s missing from the merge", missing == 1 ? "" : "s", list);
        size_t bad;
        if (!cs_tally_close_split(m->total, sp->base, sp->n_inputs, missing ? reason : NULL, &bad)) {
            if (bad == SIZE_MAX)
                snprintf(m->err, m->err_size, "out of memory while merging");
            else
                snprintf(m->err, m->err_size,
                         "overlapping inputs: the shards of the split into %u of '%s' do not read each of its "
                         "units exactly once",
                         sp->n, name_of(&m->total->inputs[bad]));
            return false;
        }
        *any_missing = *any_missing || missing;
    }
    return true;
}

cs_tally *cs_shard_merge(const char *const *paths, size_t n, bool partial, bool *missing, char *err,
                         size_t err_size)
{
    merger m = { .err = err, .err_size = err_size };
    *missing = false;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        cs_tally *t = cs_state_read(paths[i], err, err_size);
        ok = t && add_state(&m, paths[i], t);
    }
    ok = ok && close_splits(&m, partial, missing);
    for (size_t s = 0; s < m.n_splits; s++) {
        free(m.splits[s].from);
        free(m.splits[s].reason_k);
    }
    free(m.splits);
    free(m.scan_from);
    free(m.input_from);
    if (!ok) {
        cs_tally_free(m.total);
        return NULL;
    }
    return m.total;
}
