/* HTTP GETs for the CT log readers, on libcurl (linked into the command
 * only, not into libcertsweep: see docs/design.md).
 *
 * One cs_http per log: a curl multi handle with a pool of easy handles
 * (keep-alive connections, HTTP/2 multiplexed where the server offers it,
 * any compression curl supports), at most `jobs` requests at once, at most
 * `rate` request starts per second.  A request that times out, is cut off,
 * or answers 429 or 5xx is retried after an exponential backoff with
 * jitter (or the server's Retry-After), until the log's total retry budget
 * is spent: then the request fails and the caller marks its input
 * incomplete. */
#ifndef CS_FETCH_HTTP_H
#define CS_FETCH_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_http_options {
    unsigned jobs;             /* parallel requests (default 4) */
    double rate;               /* request starts per second, 0 = no limit */
    long retry_budget;         /* retries for the whole log; < 0: the default, 100 */
    long timeout_ms;           /* per attempt (default 60 s) */
    long backoff_ms;           /* first backoff (default 250 ms), doubled per retry of a request */
    long backoff_max_ms;       /* longest backoff and Retry-After honoured (default 60 s) */
    size_t max_body;           /* largest response accepted (default 64 MiB) */
    /* CA certificates (PEM) that https servers are verified against
     * instead of the system store.  NULL: $CURL_CA_BUNDLE, else
     * $SSL_CERT_FILE (and $SSL_CERT_DIR), as the curl tool does, else the
     * system store.  Verification is never turned off. */
    const char *ca_file;
    const atomic_bool *stop;   /* set on interruption: transfers and waits end soon */
} cs_http_options;

/* Counters, readable by another thread (progress) while requests run. */
typedef struct cs_http_stats {
    _Atomic uint64_t requests;  /* attempts started */
    _Atomic uint64_t bytes;     /* response bytes received (after decoding) */
    _Atomic uint64_t retries;
    _Atomic uint64_t connections; /* connections opened (the rest of the requests reused one) */
    _Atomic unsigned version;   /* HTTP version of the last response: 10, 11, 20, 30; 0 = none yet */
} cs_http_stats;

typedef struct cs_http cs_http;

typedef struct cs_body {
    uint8_t *p;
    size_t n, cap;
} cs_body;

void cs_body_free(cs_body *b);

typedef enum cs_http_result {
    CS_HTTP_OK,          /* 200: body holds the response */
    CS_HTTP_NOT_FOUND,   /* 404 (not retried) */
    CS_HTTP_FAILED,      /* another status, a permanent error, or the retry budget spent */
    CS_HTTP_STOPPED,     /* the stop flag was set */
} cs_http_result;

/* NULL when out of memory or curl cannot start. */
cs_http *cs_http_new(const cs_http_options *opt, cs_http_stats *stats);
void cs_http_free(cs_http *h);

/* One request of a cs_http_get_many call. */
typedef struct cs_http_req {
    const char *url;
    cs_body body;               /* the response (owned by the caller, reused) */
    cs_http_result result;
    char err[256];              /* why, unless OK */
} cs_http_req;

/* Fetches every request, up to `jobs` at once, each retried as above.
 * Returns once all are done (or stopped). */
void cs_http_get_many(cs_http *h, cs_http_req *reqs, size_t n);

/* One request. */
cs_http_result cs_http_get(cs_http *h, const char *url, cs_body *body, char *err, size_t err_size);

/* Spends one retry of the budget on a response the caller found bad (a
 * truncated JSON body, ...) and waits the backoff for `attempt`; false
 * when the budget is spent or stop was set. */
bool cs_http_retry_after_bad_body(cs_http *h, unsigned attempt);

/* Undoes gzip when the body still is (an object stored gzipped and served
 * without Content-Encoding).  False with a message when it is damaged. */
bool cs_body_gunzip(cs_body *b, size_t max, char *err, size_t err_size);

#endif
