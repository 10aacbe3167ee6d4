/* What the two CT log readers share (log_run.h): marking the input,
 * progress, the check of a resumed log against the state's tree, and the
 * rounds of parallel requests. */
#include "fetch/log_run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_log_misbehaving(cs_log_run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[300];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Loud and at once: a monitor exists to catch exactly this. */
    fprintf(stderr, "certsweep: %s: LOG MISBEHAVING: %s\n", r->url, msg);
    cs_log_incomplete(r, "log misbehaving: %s", msg);
}

void cs_log_incomplete(cs_log_run *r, const char *fmt, ...)
{
    if (r->stats->incomplete[0])
        return; /* the first reason is kept */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->stats->incomplete, sizeof r->stats->incomplete, fmt, ap);
    va_end(ap);
}

bool cs_log_fetched(cs_log_run *r, const cs_http_req *q)
{
    if (q->result == CS_HTTP_OK)
        return true;
    if (q->result != CS_HTTP_STOPPED)
        cs_log_incomplete(r, "%s", q->err);
    return false;
}

void cs_log_progress(cs_log_run *r)
{
    /* The progress line shows bytes, share and ETA from these: the total
     * is estimated from the bytes per entry so far. */
    uint64_t bytes = atomic_load(&r->net.bytes), done = atomic_load(&r->done);
    atomic_store(&r->stats->bytes_read, bytes);
    uint64_t total = atomic_load(&r->total);
    if (done > 0 && total >= done)
        atomic_store(&r->stats->total_bytes, (uint64_t)((double)bytes * (double)total / (double)done));
}

bool cs_log_emit(cs_log_run *r, cs_record_encoding enc, const void *data, size_t len, const char *member,
                 uint64_t offset, int64_t index)
{
    if (!r->refused && !cs_ingest_write(r->out, enc, data, len, member, offset, index))
        r->refused = true;
    return !r->refused;
}

bool cs_log_stopping(const cs_log_run *r)
{
    return (r->stop && atomic_load(r->stop)) || r->refused;
}

bool cs_log_extends_state(cs_log_run *r, uint64_t size, const uint8_t root[CS_HASH_LEN], cs_log_prove_fn prove,
                          void *ctx)
{
    const cs_log_position *old = &r->start;
    if (!old->set || old->tree_size == 0)
        return true;
    char why[300] = "";
    cs_tile_check st;
    if (size < old->tree_size) {
        /* An older tree head (a lagging mirror or cache): not a proof of
         * anything, but nothing past the state's tree can be checked. */
        fprintf(stderr, "certsweep: %s: the log's tree head (%llu entries) is older than the state's (%llu): "
                        "nothing new read\n", r->url, (unsigned long long)size, (unsigned long long)old->tree_size);
        st = CS_TILE_MATCH;
    } else if (size == old->tree_size) {
        st = memcmp(root, old->root, CS_HASH_LEN) == 0 ? CS_TILE_MATCH : CS_TILE_MISMATCH;
        snprintf(why, sizeof why, "another root for the same size");
    } else {
        st = prove(ctx, old->tree_size, old->root, why, sizeof why);
    }
    if (st == CS_TILE_MISMATCH)
        cs_log_misbehaving(r, "the tree of %llu entries the state recorded is not a prefix of the signed tree of %llu "
                              "entries (%s): the log rewrote its history",
                           (unsigned long long)old->tree_size, (unsigned long long)size, why);
    else if (st == CS_TILE_UNAVAILABLE)
        cs_log_incomplete(r, "consistency of the state's tree of %llu entries with the log's: %s",
                          (unsigned long long)old->tree_size, why);
    if (st == CS_TILE_MATCH && size >= old->tree_size)
        return true;
    /* Nothing read; the state keeps the tree it had (a later run checks
     * the log against it again). */
    r->end = r->start;
    atomic_store(&r->total, 0);
    return false;
}

bool cs_log_round_init(cs_log_round *q, unsigned jobs)
{
    q->n = 0;
    q->cap = jobs ? jobs : 1;
    q->reqs = calloc(q->cap, sizeof *q->reqs);
    q->urls = calloc(q->cap, sizeof *q->urls);
    return q->reqs && q->urls;
}

void cs_log_round_free(cs_log_round *q)
{
    for (size_t i = 0; q->reqs && i < q->cap; i++)
        cs_body_free(&q->reqs[i].body);
    free(q->reqs);
    free(q->urls);
    memset(q, 0, sizeof *q);
}

bool cs_log_round_add(cs_log_round *q, const cs_log_run *r, const char *path)
{
    if (q->n == q->cap || (size_t)snprintf(q->urls[q->n], sizeof q->urls[q->n], "%s/%s", r->url, path) >=
                              sizeof q->urls[q->n])
        return false;
    q->reqs[q->n].url = q->urls[q->n];
    q->n++;
    return true;
}

bool cs_log_round_run(cs_log_round *q, cs_log_run *r, cs_log_take_fn take, void *ctx)
{
    cs_http_get_many(r->http, q->reqs, q->n);
    size_t n = q->n;
    q->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cs_log_fetched(r, &q->reqs[i]))
            return false;
        cs_log_step step = take(ctx, q->urls[i] + strlen(r->url) + 1, &q->reqs[i].body);
        cs_log_progress(r);
        if (step == CS_LOG_STOP || cs_log_stopping(r))
            return false;
        if (step == CS_LOG_NEW_ROUND)
            break;
    }
    return true;
}
