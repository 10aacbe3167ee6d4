/* HTTP on libcurl (http.h). */
#include "fetch/http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ingest/framer.h"
#include "ingest/gunzip.h"

typedef struct slot {
    CURL *easy;
    cs_http *h;
    size_t req;          /* index into the current call's requests */
    bool busy;
    bool too_big;
    char errbuf[CURL_ERROR_SIZE];
    cs_body *body;
} slot;

struct cs_http {
    cs_http_options opt;
    cs_http_stats *stats;
    cs_http_stats own_stats;
    CURLM *multi;
    slot *slots;
    double next_start_ms;  /* rate limit: earliest start of the next request */
    long retries_used;
    unsigned seed;
};

void cs_body_free(cs_body *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ok;
static void curl_init(void)
{
    curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool stopping(const cs_http *h)
{
    return h->opt.stop && atomic_load(h->opt.stop);
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    slot *s = arg;
    size_t len = size * n;
    cs_body *b = s->body;
    if (b->n + len > s->h->opt.max_body) {
        s->too_big = true;
        return 0;
    }
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len)
            cap *= 2;
        uint8_t *q = realloc(b->p, cap);
        if (!q)
            return 0;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, len);
    b->n += len;
    atomic_fetch_add_explicit(&s->h->stats->bytes, len, memory_order_relaxed);
    return len;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    return stopping(((slot *)arg)->h) ? 1 : 0;
}

/* https: the server is always verified (curl's defaults, said here so
 * that no one turns them off quietly), against the CA file (or directory)
 * of the option, else of the environment as the curl tool reads it. */
static void set_tls(CURL *e, const char *ca_file)
{
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    const char *bundle = getenv("CURL_CA_BUNDLE");
    if (ca_file) {
        curl_easy_setopt(e, CURLOPT_CAINFO, ca_file);
    } else if (bundle && *bundle) {
        curl_easy_setopt(e, CURLOPT_CAINFO, bundle);
    } else {
        const char *file = getenv("SSL_CERT_FILE"), *dir = getenv("SSL_CERT_DIR");
        if (dir && *dir)
            curl_easy_setopt(e, CURLOPT_CAPATH, dir);
        if (file && *file)
            curl_easy_setopt(e, CURLOPT_CAINFO, file);
    }
}

/* Connections opened and the HTTP version, after an attempt. */
static void count_transport(cs_http *h, CURL *e)
{
    long conns = 0, version = 0;
    if (curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &conns) == CURLE_OK && conns > 0)
        atomic_fetch_add_explicit(&h->stats->connections, (uint64_t)conns, memory_order_relaxed);
    if (curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version) != CURLE_OK)
        return;
    unsigned v = version == CURL_HTTP_VERSION_1_0 ? 10
                 : version == CURL_HTTP_VERSION_1_1 ? 11
                 : version == CURL_HTTP_VERSION_2_0 ? 20
                 : version == CURL_HTTP_VERSION_3 ? 30 : 0;
    if (v)
        atomic_store_explicit(&h->stats->version, v, memory_order_relaxed);
}

cs_http *cs_http_new(const cs_http_options *opt, cs_http_stats *stats)
{
    pthread_once(&curl_once, curl_init);
    if (!curl_ok)
        return NULL;
    cs_http *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->opt = *opt;
    if (!h->opt.jobs)
        h->opt.jobs = 4;
    if (h->opt.retry_budget < 0)
        h->opt.retry_budget = 100;
    if (!h->opt.timeout_ms)
        h->opt.timeout_ms = 60000;
    if (!h->opt.backoff_ms)
        h->opt.backoff_ms = 250;
    if (!h->opt.backoff_max_ms)
        h->opt.backoff_max_ms = 60000;
    if (!h->opt.max_body)
        h->opt.max_body = (size_t)64 << 20;
    h->stats = stats ? stats : &h->own_stats;
    h->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    h->multi = curl_multi_init();
    h->slots = calloc(h->opt.jobs, sizeof *h->slots);
    if (!h->multi || !h->slots) {
        cs_http_free(h);
        return NULL;
    }
    curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->opt.jobs);
    for (unsigned i = 0; i < h->opt.jobs; i++) {
        slot *s = &h->slots[i];
        s->h = h;
        if (!(s->easy = curl_easy_init())) {
            cs_http_free(h);
            return NULL;
        }
        CURL *e = s->easy;
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding curl decodes */
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(e, CURLOPT_USERAGENT, "certsweep/" CS_VERSION);
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->opt.timeout_ms);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->opt.timeout_ms < 15000 ? h->opt.timeout_ms : 15000L);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
        curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(e, CURLOPT_XFERINFODATA, s);
        curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
        set_tls(e, h->opt.ca_file);
    }
    return h;
}

void cs_http_free(cs_http *h)
{
    if (!h)
        return;
    if (h->slots)
        for (unsigned i = 0; i < h->opt.jobs; i++)
            if (h->slots[i].easy) {
                if (h->slots[i].busy)
                    curl_multi_remove_handle(h->multi, h->slots[i].easy);
                curl_easy_cleanup(h->slots[i].easy);
            }
    free(h->slots);
    if (h->multi)
        curl_multi_cleanup(h->multi);
    free(h);
}

/* Backoff before retry number `attempt` (1-based): base * 2^(attempt-1),
 * capped, times a jitter in [0.5, 1). */
static double backoff_ms(cs_http *h, unsigned attempt)
{
    double d = (double)h->opt.backoff_ms;
    for (unsigned i = 1; i < attempt && d < (double)h->opt.backoff_max_ms; i++)
        d *= 2;
    if (d > (double)h->opt.backoff_max_ms)
        d = (double)h->opt.backoff_max_ms;
    return d * (0.5 + 0.5 * (double)rand_r(&h->seed) / ((double)RAND_MAX + 1));
}

static bool retryable(CURLcode rc, long status)
{
    switch (rc) {
    case CURLE_OK:
        return status == 429 || (status >= 500 && status <= 599);
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
        return true;
    default:
        return false;
    }
}

enum { WAITING, RUNNING, DONE };

void cs_http_get_many(cs_http *h, cs_http_req *reqs, size_t n)
{
    unsigned char *state = calloc(n ? n : 1, 1);
    unsigned *attempt = calloc(n ? n : 1, sizeof *attempt);
    double *not_before = calloc(n ? n : 1, sizeof *not_before);
    if (!state || !attempt || !not_before) {
        for (size_t i = 0; i < n; i++) {
            reqs[i].result = CS_HTTP_FAILED;
            snprintf(reqs[i].err, sizeof reqs[i].err, "out of memory");
        }
        free(state), free(attempt), free(not_before);
        return;
    }
    size_t done = 0, first_waiting = 0;
    while (done < n) {
        if (stopping(h)) {
            for (unsigned k = 0; k < h->opt.jobs; k++)
                if (h->slots[k].busy) {
                    curl_multi_remove_handle(h->multi, h->slots[k].easy);
                    h->slots[k].busy = false;
                }
            for (size_t i = 0; i < n; i++)
                if (state[i] != DONE) {
                    reqs[i].result = CS_HTTP_STOPPED;
                    snprintf(reqs[i].err, sizeof reqs[i].err, "interrupted");
                }
            break;
        }
        double now = now_ms(), wake = now + 50;
        /* Start what may start: free slot, backoff over, rate allows. */
        for (unsigned k = 0; k < h->opt.jobs; k++) {
            slot *s = &h->slots[k];
            if (s->busy)
                continue;
            while (first_waiting < n && state[first_waiting] != WAITING)
                first_waiting++;
            size_t i = first_waiting;
            for (; i < n && (state[i] != WAITING || not_before[i] > now); i++)
                if (state[i] == WAITING && not_before[i] < wake)
                    wake = not_before[i];
            if (i >= n)
                break;
            if (h->opt.rate > 0 && h->next_start_ms > now) {
                if (h->next_start_ms < wake)
                    wake = h->next_start_ms;
                break;
            }
            if (h->opt.rate > 0)
                h->next_start_ms = (h->next_start_ms > now ? h->next_start_ms : now) + 1000.0 / h->opt.rate;
            reqs[i].body.n = 0;
            s->body = &reqs[i].body;
            s->req = i;
            s->too_big = false;
            s->errbuf[0] = '\0';
            curl_easy_setopt(s->easy, CURLOPT_URL, reqs[i].url);
            if (curl_multi_add_handle(h->multi, s->easy) != CURLM_OK) {
                state[i] = DONE, done++;
                reqs[i].result = CS_HTTP_FAILED;
                snprintf(reqs[i].err, sizeof reqs[i].err, "cannot start the request");
                continue;
            }
            s->busy = true;
            state[i] = RUNNING;
            atomic_fetch_add_explicit(&h->stats->requests, 1, memory_order_relaxed);
        }
        int running;
        curl_multi_perform(h->multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(h->multi, &left))) {
            if (m->msg != CURLMSG_DONE)
                continue;
            slot *s = NULL;
            for (unsigned k = 0; k < h->opt.jobs && !s; k++)
                if (h->slots[k].busy && h->slots[k].easy == m->easy_handle)
                    s = &h->slots[k];
            if (!s)
                continue;
            CURLcode rc = m->data.result;
            long status = 0;
            curl_off_t retry_after = -1;
            curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
            curl_easy_getinfo(s->easy, CURLINFO_RETRY_AFTER, &retry_after);
            count_transport(h, s->easy);
            curl_multi_remove_handle(h->multi, s->easy);
            s->busy = false;
            size_t i = s->req;
            cs_http_req *r = &reqs[i];
            if (rc == CURLE_OK && status == 200) {
                r->result = CS_HTTP_OK;
            } else if (rc == CURLE_OK && status == 404) {
                r->result = CS_HTTP_NOT_FOUND;
                snprintf(r->err, sizeof r->err, "%s: not found (404)", r->url);
            } else if (rc == CURLE_ABORTED_BY_CALLBACK) {
                r->result = CS_HTTP_STOPPED;
                snprintf(r->err, sizeof r->err, "interrupted");
            } else {
                char why[200];
                if (s->too_big)
                    snprintf(why, sizeof why, "response larger than %zu bytes", h->opt.max_body);
                else if (rc != CURLE_OK)
                    snprintf(why, sizeof why, "%.150s", s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
                else
                    snprintf(why, sizeof why, "HTTP status %ld", status);
                if (!s->too_big && retryable(rc, status) && h->retries_used < h->opt.retry_budget) {
                    h->retries_used++;
                    atomic_fetch_add_explicit(&h->stats->retries, 1, memory_order_relaxed);
                    attempt[i]++;
                    double delay = retry_after >= 0 ? (double)retry_after * 1000 : backoff_ms(h, attempt[i]);
                    if (delay > (double)h->opt.backoff_max_ms)
                        delay = (double)h->opt.backoff_max_ms;
                    not_before[i] = now_ms() + delay;
                    state[i] = WAITING;
                    if (i < first_waiting)
                        first_waiting = i;
                    continue;
                }
                r->result = CS_HTTP_FAILED;
                snprintf(r->err, sizeof r->err, "%.80s: %.150s%s", r->url, why,
                         retryable(rc, status) ? " (retry budget spent)" : "");
            }
            state[i] = DONE;
            done++;
        }
        if (done < n) {
            double t = wake - now_ms();
            curl_multi_poll(h->multi, NULL, 0, t < 1 ? 1 : t > 50 ? 50 : (int)t, NULL);
        }
    }
    free(state), free(attempt), free(not_before);
}

cs_http_result cs_http_get(cs_http *h, const char *url, cs_body *body, char *err, size_t es)
{
    cs_http_req r = { .url = url, .body = *body };
    cs_http_get_many(h, &r, 1);
    *body = r.body;
    if (r.result != CS_HTTP_OK)
        snprintf(err, es, "%s", r.err);
    return r.result;
}

bool cs_http_retry_after_bad_body(cs_http *h, unsigned attempt)
{
    if (h->retries_used >= h->opt.retry_budget)
        return false;
    h->retries_used++;
    atomic_fetch_add_explicit(&h->stats->retries, 1, memory_order_relaxed);
    double until = now_ms() + backoff_ms(h, attempt);
    while (!stopping(h) && now_ms() < until)
        usleep(20000);
    return !stopping(h);
}

/* cs_read_fn over a memory buffer, for the gzip reader. */
typedef struct mem_reader {
    const uint8_t *p;
    size_t n, at;
} mem_reader;

static ssize_t mem_read(void *ctx, void *buf, size_t n, char *err, size_t es)
{
    (void)err, (void)es;
    mem_reader *m = ctx;
    size_t k = m->n - m->at < n ? m->n - m->at : n;
    memcpy(buf, m->p + m->at, k);
    m->at += k;
    return (ssize_t)k;
}

bool cs_body_gunzip(cs_body *b, size_t max, char *err, size_t es)
{
    if (!cs_gunzip_magic(b->p, b->n))
        return true;
    mem_reader m = { b->p, b->n, 0 };
    cs_stream in;
    cs_stream_init(&in, mem_read, &m, CS_STREAM_CHUNK);
    cs_gunzip *g = cs_gunzip_open(&in);
    cs_body out = { 0 };
    bool ok = g != NULL;
    if (!ok)
        snprintf(err, es, "out of memory");
    while (ok) {
        if (out.cap - out.n < 65536) {
            size_t cap = out.cap ? out.cap * 2 : 262144;
            uint8_t *q = cap <= max + 65536 ? realloc(out.p, cap) : NULL;
            if (!q) {
                snprintf(err, es, "gzip body larger than %zu bytes", max);
                ok = false;
                break;
            }
            out.p = q, out.cap = cap;
        }
        ssize_t k = cs_gunzip_read(g, out.p + out.n, out.cap - out.n, err, es);
        if (k < 0)
            ok = false;
        if (k <= 0)
            break;
        out.n += (size_t)k;
    }
    cs_gunzip_close(g);
    cs_stream_free(&in);
    if (!ok) {
        cs_body_free(&out);
        return false;
    }
    cs_body_free(b);
    *b = out;
    return true;
}
