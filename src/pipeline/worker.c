/* Processing a batch, on a worker thread or a reader.  Per record:
 * decode (base64, CT leaf, ...) -> strict parse (and the issuer from the
 * dump's chain, through a small cache) -> all rules -> own tally.  A
 * record that cannot be decoded or parsed is counted as a failure and
 * named on the error stream with its position; it never stops the scan.
 * Only out-of-memory does. */
#include "pipeline/worker.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/stage_clock.h"
#include "x509/issuer_store.h"

bool cs_worker_init(cs_worker *w, cs_scan_ctx *ctx, unsigned index)
{
    memset(w, 0, sizeof *w);
    w->ctx = ctx;
    w->index = index;
    w->cert = malloc(sizeof *w->cert);
    w->result = malloc(sizeof *w->result);
    w->tally = cs_tally_new(ctx->opt->rules);
    w->issuers = cs_issuer_cache_new();
    return w->cert && w->result && w->tally && w->issuers;
}

void cs_worker_free(cs_worker *w)
{
    free(w->cert);
    free(w->result);
    cs_decode_scratch_free(&w->scratch);
    cs_issuer_cache_free(w->issuers);
    cs_tally_free(w->tally);
    cs_json_buf_free(&w->findings);
    memset(w, 0, sizeof *w);
}

/* The kind of a decode or framing failure: its text up to the first
 * number, quote, parenthesis or semicolon, so that failures that differ
 * only in where they happened count together ("truncated DER element: N
 * of M bytes" -> "truncated DER element").  "X at byte N: Y" gives
 * "X: kind of Y" ("read error: expands more than"). */
static void failure_kind(const char *reason, size_t len, char *out, size_t size)
{
    static const char at[] = " at byte ";
    size_t n = 0, o = 0;
    for (int part = 0; part < 2 && o + 1 < size; part++) {
        while (n < len && reason[n] && !strchr("0123456789(\"';", reason[n]) && o + 1 < size && o < 60)
            out[o++] = reason[n++];
        bool at_byte = o >= sizeof at - 1 && memcmp(out + o - (sizeof at - 1), at, sizeof at - 1) == 0;
        while (o > 0 && strchr(" :,", out[o - 1]))
            o--;
        if (!at_byte)
            break;
        o -= sizeof at - 2; /* " at byte" */
        while (n < len && reason[n] >= '0' && reason[n] <= '9')
            n++;
        if (n + 2 > len || reason[n] != ':' || reason[n + 1] != ' ' || o + 2 >= size)
            break;
        out[o++] = ':';
        out[o++] = ' ';
        n += 2;
    }
    out[o] = '\0';
}

/* Counts the failure by kind and names the first few of each input on the
 * error stream: "certsweep: INPUT: MEMBER: line N: reason" (member and
 * position only when known); the rest are in the summary by kind. */
static bool report_failure(cs_worker *w, const cs_batch *b, const cs_record *r, const char *reason,
                           int reason_len, const char *kind)
{
    cs_scan_ctx *ctx = w->ctx;
    uint32_t in = r->origin.input;
    if (!cs_tally_add_failure(w->tally, in) || !cs_tally_add_failure_kind(w->tally, kind, 1))
        return false;
    uint64_t shown = in < ctx->opt->n_inputs ? atomic_fetch_add_explicit(&ctx->failures_shown[in], 1, memory_order_relaxed)
                                             : 0;
    if (shown > CS_FAILURES_SHOWN)
        return true;
    const char *input = in < ctx->opt->n_inputs ? ctx->opt->inputs[in] : "?";
    if (shown == CS_FAILURES_SHOWN) {
        cs_scan_report(w->ctx, "certsweep: %s: more parse failures not shown (counted; summary by kind at the end)",
                       input);
        return true;
    }
    const char *member = cs_batch_member(b, r);
    char pos[64];
    if (r->origin.line > 0)
        snprintf(pos, sizeof pos, "line %" PRIu64, r->origin.line);
    else if (r->origin.ct_index >= 0)
        snprintf(pos, sizeof pos, "entry %" PRId64, r->origin.ct_index);
    else
        snprintf(pos, sizeof pos, "offset %" PRIu64, r->origin.offset);
    cs_scan_report(w->ctx, "certsweep: %s: %s%s%s: %.*s", input, member, *member ? ": " : "", pos,
                   reason_len, reason);
    return true;
}

/* A record that is not a certificate: counted, by kind, and named. */
static bool fail_record(cs_worker *w, const cs_batch *b, const cs_record *r, const char *reason, int reason_len)
{
    char kind[80];
    failure_kind(reason, (size_t)reason_len, kind, sizeof kind);
    return report_failure(w, b, r, reason, reason_len, kind);
}

/* Appends the certificate's findings line when the scan writes them. */
static bool add_findings_line(cs_worker *w, const cs_batch *b, const cs_record *r, const cs_decoded *d)
{
    const cs_scan_ctx *ctx = w->ctx;
    if (!ctx->findings || (w->result->n_findings == 0 && !ctx->opt->findings_all))
        return true;
    const char *member = cs_batch_member(b, r);
    cs_findings_origin o = {
        .input = ctx->opt->inputs[r->origin.input],
        .member = member,
        .offset = (int64_t)r->origin.offset,
        .line = r->origin.line > 0 ? (int64_t)r->origin.line : -1,
        .ct_index = d->ct_index >= 0 ? d->ct_index : r->origin.ct_index,
        .precert_entry = d->precert,
    };
    return cs_findings_json(&w->findings, w->cert, w->result, ctx->opt->rules, &o);
}

/* The stage clock of one record: off (one branch per stage) unless the
 * record is sampled (stage_clock.h). */
typedef struct stage_probe {
    bool on;
    uint64_t last;
} stage_probe;

static void stage_end(stage_probe *p, uint64_t *stage)
{
    if (!p->on)
        return;
    uint64_t now = cs_thread_cpu_ns();
    *stage += now - p->last;
    p->last = now;
}

/* Returns false only on a fatal (out-of-memory) error. */
static bool lint_record(cs_worker *w, const cs_batch *b, const cs_record *r, stage_probe *p)
{
    const cs_scan_ctx *ctx = w->ctx;
    cs_worker_stages *st = &w->stages;
    uint32_t input = r->origin.input;
    if (r->encoding == CS_REC_ERROR) /* the framer's reason text is the record's data (not NUL-terminated) */
        return fail_record(w, b, r, (const char *)b->data + r->data_off, r->data_len > 400 ? 400 : (int)r->data_len);
    cs_decoded d;
    char reason[200];
    if (!cs_record_decode(b, r, &w->scratch, &d, reason, sizeof reason))
        return fail_record(w, b, r, reason, (int)strnlen(reason, sizeof reason));
    stage_end(p, &st->decode);
    cs_parse_error perr;
    bool ok = d.tbs_only ? cs_tbs_parse(w->cert, d.der, d.len, &perr)
                         : cs_cert_parse(w->cert, d.der, d.len, &perr);
    if (!ok) {
        char msg[260];
        int n = snprintf(msg, sizeof msg, "%.*s at byte %" PRIu32 " of the certificate",
                         (int)strnlen(perr.reason, sizeof perr.reason), perr.reason, perr.offset);
        perr.kind[sizeof perr.kind - 1] = '\0';
        return report_failure(w, b, r, msg, n < 0 ? 0 : n >= (int)sizeof msg ? (int)sizeof msg - 1 : n, perr.kind);
    }
    /* Set for every record, so no view keeps a previous record's issuer. */
    const uint8_t *issuer_der = d.issuer_der;
    size_t issuer_len = d.issuer_len;
    if (!issuer_der && ctx->opt->issuers)
        cs_issuer_store_find(ctx->opt->issuers, w->cert, &issuer_der, &issuer_len);
    w->cert->issuer_cert = issuer_der ? cs_issuer_cache_get(w->issuers, issuer_der, issuer_len) : NULL;
    stage_end(p, &st->parse);
    cs_lint(ctx->opt->rules, w->cert, w->result);
    stage_end(p, &st->rules);
    const cs_scan_hooks *h = cs_scan_get_hooks();
    if (h && h->fail_tally_after && w->certs >= h->fail_tally_after)
        return false;
    w->certs++;
    bool added = cs_tally_add_cert(w->tally, input, w->cert, w->result, &d) && add_findings_line(w, b, r, &d);
    stage_end(p, &st->tally);
    return added;
}

/* Lints every record of a framed batch. */
static bool lint_batch(cs_worker *w, const cs_batch *b)
{
    cs_worker_stages *st = &w->stages;
    for (size_t i = 0; i < b->n; i++) {
        stage_probe p = { .on = cs_stage_clock_on && st->seen++ % CS_STAGE_SAMPLE_RATE == 0 };
        if (p.on) {
            st->sampled++;
            p.last = cs_thread_cpu_ns();
        }
        if (!lint_record(w, b, &b->recs[i], &p))
            return false;
    }
    return true;
}

/* A chunk of a large member is framed here, by whoever processes it. */
static cs_batch *frame_chunk(cs_worker *w, const cs_batch *chunk)
{
    uint64_t t0 = cs_stage_clock_on ? cs_thread_cpu_ns() : 0;
    cs_batch *framed = cs_ingest_frame_chunk(chunk, &w->ctx->in_stats[chunk->input]);
    if (cs_stage_clock_on)
        w->stages.frame += cs_thread_cpu_ns() - t0;
    return framed;
}

bool cs_worker_process(cs_worker *w, cs_batch *queued)
{
    uint64_t t0 = cs_stage_clock_on ? cs_thread_cpu_ns() : 0;
    cs_scan_ctx *ctx = w->ctx;
    cs_worker_counters *cnt = &ctx->counters[w->index];
    cs_batch *framed = queued->chunk_framer ? frame_chunk(w, queued) : NULL;
    cs_batch *b = queued->chunk_framer ? framed : queued;
    bool ok = b != NULL && lint_batch(w, b);
    if (!ok) {
        cs_scan_fail(ctx, "out of memory while linting (worker %u)", w->index);
    } else if (ctx->findings && !cs_findings_out_put(ctx->findings, b->order, &w->findings)) {
        int e = cs_findings_out_error(ctx->findings);
        if (e) /* otherwise the writer was aborted: the scan has failed already */
            cs_scan_fail(ctx, "cannot write the findings to %s: %s", ctx->opt->findings_name, strerror(e));
        ok = false;
    }
    if (ok) {
        w->records += b->n;
        atomic_store_explicit(&cnt->records, w->records, memory_order_relaxed);
        atomic_store_explicit(&cnt->certs, w->certs, memory_order_relaxed);
        const cs_scan_hooks *h = cs_scan_get_hooks();
        if (h && h->after_batch)
            h->after_batch(h->ctx, w->index, b);
    }
    cs_batch_free(framed);
    cs_batch_free(queued);
    atomic_fetch_sub(&ctx->live_batches, 1);
    if (cs_stage_clock_on)
        w->stages.process += cs_thread_cpu_ns() - t0;
    return ok;
}

void cs_worker_drain(cs_worker *w)
{
    cs_batch *b;
    while ((b = cs_queue_pop(&w->ctx->queue)) != NULL)
        if (!cs_worker_process(w, b))
            break;
}

unsigned cs_worker_busiest(const cs_worker *w, unsigned n)
{
    unsigned best = 0;
    for (unsigned i = 1; i < n; i++)
        if (w[i].certs > w[best].certs)
            best = i;
    return best;
}

void *cs_worker_main(void *arg)
{
    cs_worker *w = arg;
    cs_worker_drain(w);
    atomic_fetch_add(&w->ctx->worker_cpu_ns, cs_thread_cpu_ns());
    return NULL;
}
