/* Identity of scans and inputs (see identity.h). */
#include "agg/identity.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg/tally_data.h"

bool cs_tally_add_new_scan(cs_tally *t, int64_t started)
{
    cs_tally_scan s = { .started = started };
    if (RAND_bytes(s.id, sizeof s.id) != 1)
        return false;
    snprintf(s.version, sizeof s.version, "%s", CS_VERSION);
    cs_tally_scan *v = realloc(t->scans, (t->n_scans + 1) * sizeof *v);
    if (!v)
        return false;
    v[t->n_scans++] = s;
    t->scans = v;
    return true;
}

bool cs_tally_set_input_digest(cs_tally *t, uint32_t id, const uint8_t sha256[32], uint64_t bytes)
{
    cs_tally_input *in = cs_tally_input_slot(t, id);
    if (!in)
        return false;
    in->digest_set = true;
    in->digest_bytes = bytes;
    memcpy(in->sha256, sha256, 32);
    return true;
}

bool cs_tally_set_input_shard(cs_tally *t, uint32_t id, uint32_t k, uint32_t n, const cs_tally_shard_plan *plan)
{
    cs_tally_input *in = cs_tally_input_slot(t, id);
    if (!in)
        return false;
    in->shard_k = k;
    in->shard_n = n;
    in->plan = *plan;
    return true;
}

bool cs_tally_merge_scans(cs_tally *into, const cs_tally *from)
{
    if (!from->n_scans)
        return true;
    cs_tally_scan *v = realloc(into->scans, (into->n_scans + from->n_scans) * sizeof *v);
    if (!v)
        return false;
    memcpy(v + into->n_scans, from->scans, from->n_scans * sizeof *v);
    into->scans = v;
    into->n_scans += from->n_scans;
    return true;
}

bool cs_tally_same_input(const cs_tally *a, size_t ia, const cs_tally *b, size_t ib)
{
    const cs_tally_input *x = &a->inputs[ia], *y = &b->inputs[ib];
    if (!x->digest_set || !y->digest_set || x->digest_bytes == 0 || x->digest_bytes != y->digest_bytes ||
        memcmp(x->sha256, y->sha256, 32) != 0)
        return false;
    /* Shards K and J of one split read different records, whatever the bytes. */
    bool both_sharded = x->shard_n && y->shard_n;
    return !both_sharded || (x->shard_k == y->shard_k && x->shard_n == y->shard_n);
}

static void hex(const uint8_t *p, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static void describe_scan(const cs_tally_scan *s, char *out, size_t size)
{
    char id[33], when[32] = "?";
    hex(s->id, sizeof s->id, id);
    time_t tt = (time_t)s->started;
    struct tm tm;
    if (gmtime_r(&tt, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(out, size, "scan %s (started %s, certsweep %s)", id, when, s->version);
}

static void describe_input(const cs_tally_input *in, char *out, size_t size)
{
    char sha[65], shard[32] = "";
    hex(in->sha256, 32, sha);
    if (in->shard_n)
        snprintf(shard, sizeof shard, ", shard %u/%u", in->shard_k, in->shard_n);
    snprintf(out, size, "input '%s' (%llu bytes, sha256 %s%s)", in->name ? in->name : "?",
             (unsigned long long)in->digest_bytes, sha, shard);
}

bool cs_tally_disjoint(const cs_tally *a, const cs_tally *b, cs_tally_overlap *where, char *err,
                       size_t err_size)
{
    char x[256], y[256];
    for (size_t j = 0; j < b->n_scans; j++)
        for (size_t i = 0; i < a->n_scans; i++)
            if (memcmp(a->scans[i].id, b->scans[j].id, sizeof a->scans[i].id) == 0) {
                *where = (cs_tally_overlap){ true, i };
                describe_scan(&b->scans[j], x, sizeof x);
                snprintf(err, err_size, "%s is already counted", x);
                return false;
            }
    for (size_t j = 0; j < b->n_inputs; j++)
        for (size_t i = 0; i < a->n_inputs; i++)
            if (cs_tally_same_input(a, i, b, j)) {
                *where = (cs_tally_overlap){ false, i };
                describe_input(&b->inputs[j], x, sizeof x);
                describe_input(&a->inputs[i], y, sizeof y);
                snprintf(err, err_size, "%s has the same bytes as %s, already counted", x, y);
                return false;
            }
    return true;
}

size_t cs_tally_input_count(const cs_tally *t) { return t->n_inputs; }
size_t cs_tally_scan_count(const cs_tally *t) { return t->n_scans; }
