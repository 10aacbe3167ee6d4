/* CT logs as scan inputs: an input that is an http(s) URL names a log
 * (its static-ct-api monitoring prefix, or its RFC 6962 base URL); the
 * scan pipeline hands such inputs to cs_log_inputs' reader
 * (cs_scan_options.reader) and everything else to the ingest layer. */
#ifndef CS_FETCH_LOG_INPUT_H
#define CS_FETCH_LOG_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fetch/log_run.h"
#include "pipeline/scan.h"

typedef struct cs_log_options {
    const char *key;          /* --log-key: the key text for logs without one of their own */
    uint64_t from, to;        /* --from, --to: entries [from, to]; to = UINT64_MAX: the end */
    unsigned jobs;            /* --fetch-jobs (default 4) */
    double rate;              /* --fetch-rate: requests per second and log, 0 = no limit */
    long retry_budget;        /* --retry-budget per log; < 0: the default (100) */
    long timeout_ms;          /* --fetch-timeout per request (default 60 s) */
    cs_log_kind kind;         /* --log-type */
    const char *ca_file;      /* --fetch-ca (cs_http_options.ca_file) */
} cs_log_options;

typedef struct cs_log_input {
    char *url;                /* prefix without trailing '/' */
    cs_log_kind kind;
    char *key;                /* its own key text (log list), or NULL for opt.key */
    cs_log_position start;    /* resume from here (when set) */
    cs_log_run *run;          /* while and after reading (stats, end position) */
} cs_log_input;

typedef struct cs_log_inputs {
    cs_log_options opt;
    size_t n_inputs;
    cs_log_input **logs;      /* per scan input: NULL when it is not a log */
    cs_tally *resumed;        /* --resume: the earlier scan's state, merged into the result (owned) */
    cs_input_reader reader;
} cs_log_inputs;

/* True when the input names a log (http:// or https://). */
bool cs_log_is_url(const char *input);

/* Sets up li for these scan inputs; false when out of memory. */
bool cs_log_inputs_init(cs_log_inputs *li, const char *const *inputs, size_t n, const cs_log_options *opt);
/* Takes the state of an earlier scan whose logs are this scan's first
 * inputs, in order: each is read on from where it stopped, and the
 * result is merged with it.  False (with a message) when an input of the
 * state is not a log of this scan. */
bool cs_log_inputs_resume(cs_log_inputs *li, cs_tally *old, char *err, size_t err_size);
/* Gives input i (a URL) a kind and key of its own (from a log list). */
bool cs_log_inputs_set(cs_log_inputs *li, size_t i, cs_log_kind kind, const char *key);
void cs_log_inputs_free(cs_log_inputs *li);

#endif
