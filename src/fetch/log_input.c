/* CT logs as scan inputs (log_input.h). */
#include "fetch/log_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg/tally_log.h"
#include "x509/digest.h"

bool cs_log_is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool claims(void *ctx, size_t input, const char *name)
{
    (void)name;
    cs_log_inputs *li = ctx;
    return input < li->n_inputs && li->logs[input];
}

/* What identifies what was read (state files refuse to count the same
 * input twice): the log, the tree and the entries read. */
static void set_identity(cs_log_run *r, uint64_t from)
{
    char id[4400];
    int n = snprintf(id, sizeof id, "ctlog\n%s\n%llu\n%llu\n", r->url, (unsigned long long)from,
                     (unsigned long long)r->end.next);
    for (int i = 0; i < CS_HASH_LEN && r->end.set; i++)
        n += snprintf(id + n, sizeof id - (size_t)n, "%02x", r->end.root[i]);
    cs_digest(CS_DIGEST_SHA256, id, (size_t)n, r->stats->sha256);
    r->stats->digest_bytes = r->end.next - from + 1;
    r->stats->digest_files = 1;
}

static bool run(void *ctx, size_t input, const cs_ingest_options *iopt, cs_batch_sink sink, void *sink_ctx,
                cs_ingest_stats *stats, char *err, size_t es)
{
    cs_log_inputs *li = ctx;
    cs_log_input *in = li->logs[input];
    const cs_log_options *o = &li->opt;
    cs_log_run *r = in->run; /* made before the scan: the progress thread looks at it */
    stats->incomplete[0] = '\0';
    atomic_store(&stats->finished, false);
    r->stats = stats;
    r->stop = iopt->stop;
    r->from = o->from;
    r->to = o->to == UINT64_MAX ? UINT64_MAX : o->to + 1;
    r->jobs = o->jobs ? o->jobs : 4;
    r->start = in->start;
    const char *key = in->key ? in->key : o->key;
    if (!key) {
        snprintf(err, es, "no log key (--log-key or a log list): a log is only read when its tree head can be verified");
        return false;
    }
    if (!cs_logkey_parse(key, strlen(key), &r->key, err, es))
        return false;
    cs_http_options ho = { .jobs = r->jobs, .rate = o->rate, .retry_budget = o->retry_budget,
                           .timeout_ms = o->timeout_ms, .stop = iopt->stop, .ca_file = o->ca_file };
    if (!(r->http = cs_http_new(&ho, &r->net))) {
        snprintf(err, es, "cannot set up HTTP (libcurl)");
        return false;
    }
    r->refused = false;
    if (!(r->out = cs_ingest_writer_new((uint32_t)input, sink, sink_ctx, stats))) {
        snprintf(err, es, "out of memory");
        return false;
    }
    uint64_t from = r->from;
    r->started = now_s();
    atomic_store(&r->active, true);
    cs_log_kind kind = in->kind ? in->kind : o->kind;
    bool opened;
    if (kind == CS_LOG_RFC6962) {
        opened = cs_rfc6962_log_read(r, err, es);
    } else {
        opened = cs_static_log_read(r, err, es);
        if (!opened && kind == CS_LOG_GUESS && strstr(err, "(404)")) {
            char e2[512];
            opened = cs_rfc6962_log_read(r, e2, sizeof e2);
            if (!opened)
                snprintf(err, es, "neither a static-ct-api log (%.200s) nor an RFC 6962 log (%.200s)", r->url, e2);
        }
    }
    if (!cs_ingest_writer_end(r->out))
        r->refused = true;
    r->out = NULL;
    r->seconds = now_s() - r->started;
    atomic_store(&r->active, false);
    atomic_store(&stats->bytes_read, atomic_load(&r->net.bytes));
    atomic_store(&stats->total_bytes, 0); /* the estimate: the progress line takes what was read once finished */
    if (!opened)
        return false;
    if (r->stop && atomic_load(r->stop) && r->end.next < r->to && !stats->incomplete[0])
        cs_log_incomplete(r, "interrupted before its end");
    set_identity(r, from);
    /* Finished: read as far as it could be (incomplete or not), unless
     * the pipeline refused a batch (out of memory) or a signal came. */
    atomic_store(&stats->finished, !r->refused && !(r->stop && atomic_load(r->stop)));
    return true;
}

/* "; <host/path>: N/M entries, E/s, R retries, ETA h:mm:ss" for each
 * log being read (cs_input_reader.progress). */
static void progress(void *ctx, char *buf, size_t size)
{
    cs_log_inputs *li = ctx;
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < li->n_inputs && o + 1 < size; i++) {
        cs_log_run *r = li->logs[i] ? li->logs[i]->run : NULL;
        if (!r || !atomic_load(&r->active))
            continue; /* not started, or done */
        uint64_t done = atomic_load(&r->done), total = atomic_load(&r->total);
        double secs = now_s() - r->started, rate = secs > 0 ? (double)done / secs : 0;
        const char *name = strstr(r->url, "://") ? strstr(r->url, "://") + 3 : r->url;
        int n = snprintf(buf + o, size - o, "; %.40s: %llu/%llu, %.0f/s, %llu retries", name, (unsigned long long)done,
                         (unsigned long long)total, rate, (unsigned long long)atomic_load(&r->net.retries));
        if (n > 0 && (size_t)n < size - o && rate > 0 && total > done) {
            unsigned long eta = (unsigned long)((double)(total - done) / rate + 0.5);
            o += (size_t)n;
            n = snprintf(buf + o, size - o, ", ETA %lu:%02lu:%02lu", eta / 3600, eta / 60 % 60, eta % 60);
        }
        if (n < 0 || (size_t)n >= size - o)
            break;
        o += (size_t)n;
    }
    buf[o < size ? o : size - 1] = '\0';
}

/* Where each log was read up to (or still is, when nothing was read),
 * with the numbers of this read; then the earlier scan merged in. */
static bool finish(void *ctx, cs_tally *t)
{
    cs_log_inputs *li = ctx;
    for (size_t i = 0; i < li->n_inputs; i++) {
        cs_log_input *in = li->logs[i];
        if (!in)
            continue;
        const cs_log_run *r = in->run->stats ? in->run : NULL; /* NULL: not read (the scan stopped first) */
        const cs_log_position *p = r && r->end.set ? &r->end : &in->start;
        if (!p->set && !r)
            continue;
        cs_tally_log log = { .tree_size = p->tree_size, .next = p->next };
        memcpy(log.root, p->root, sizeof log.root);
        if (p->range_set && p->range.size == p->next) {
            log.n_range = p->range.n;
            memcpy(log.range, p->range.hash, sizeof log.range);
        }
        if (r) {
            log.entries = atomic_load(&r->done);
            log.requests = atomic_load(&r->net.requests);
            log.retries = atomic_load(&r->net.retries);
            log.bytes = atomic_load(&r->net.bytes);
            log.connections = atomic_load(&r->net.connections), log.http_version = atomic_load(&r->net.version);
            log.seconds = r->seconds;
        }
        if (!cs_tally_set_input_log(t, (uint32_t)i, &log))
            return false;
    }
    char err[256];
    return !li->resumed || cs_tally_merge_resumed(t, li->resumed, err, sizeof err);
}

bool cs_log_inputs_init(cs_log_inputs *li, const char *const *inputs, size_t n, const cs_log_options *opt)
{
    memset(li, 0, sizeof *li);
    li->opt = *opt;
    li->n_inputs = n;
    li->logs = calloc(n ? n : 1, sizeof *li->logs);
    if (!li->logs)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!cs_log_is_url(inputs[i]))
            continue;
        cs_log_input *in = calloc(1, sizeof *in);
        if (!in || !(in->url = strdup(inputs[i])) || !(in->run = calloc(1, sizeof *in->run))) {
            if (in)
                free(in->url);
            free(in);
            return false;
        }
        in->run->url = in->url;
        size_t l = strlen(in->url);
        while (l > 0 && in->url[l - 1] == '/')
            in->url[--l] = '\0';
        li->logs[i] = in;
    }
    li->reader = (cs_input_reader){ .claims = claims, .run = run, .finish = finish, .progress = progress, .ctx = li };
    return true;
}

bool cs_log_inputs_set(cs_log_inputs *li, size_t i, cs_log_kind kind, const char *key)
{
    cs_log_input *in = i < li->n_inputs ? li->logs[i] : NULL;
    if (!in)
        return false;
    in->kind = kind;
    free(in->key);
    in->key = key ? strdup(key) : NULL;
    return !key || in->key;
}

void cs_log_inputs_free(cs_log_inputs *li)
{
    for (size_t i = 0; li->logs && i < li->n_inputs; i++) {
        cs_log_input *in = li->logs[i];
        if (!in)
            continue;
        cs_http_free(in->run->http);
        cs_logkey_free(&in->run->key);
        free(in->run);
        free(in->url);
        free(in->key);
        free(in);
    }
    free(li->logs);
    cs_tally_free(li->resumed);
    memset(li, 0, sizeof *li);
}

bool cs_log_inputs_resume(cs_log_inputs *li, cs_tally *old, char *err, size_t es)
{
    for (size_t i = 0; i < old->n_inputs; i++) {
        const cs_tally_input *o = &old->inputs[i];
        cs_log_input *in = i < li->n_inputs ? li->logs[i] : NULL;
        if (!o->log || !in) {
            snprintf(err, es, "input %zu of the state (%.200s) is not a CT log this scan reads", i,
                     o->name ? o->name : "?");
            return false;
        }
        cs_log_position *p = &in->start;
        p->set = true;
        p->tree_size = o->log->tree_size;
        memcpy(p->root, o->log->root, sizeof p->root);
        p->next = o->log->next;
        cs_merkle_range_init(&p->range);
        for (uint32_t k = 0; k < o->log->n_range && k < 64; k++)
            memcpy(p->range.hash[k], o->log->range[k], CS_HASH_LEN);
        p->range.n = o->log->n_range;
        /* The range's size is the sum of its perfect subtrees: the bits of next. */
        p->range.size = (unsigned)__builtin_popcountll(p->next) == o->log->n_range ? p->next : 0;
        p->range_set = p->range.size == p->next && p->next > 0;
    }
    li->resumed = old;
    return true;
}
