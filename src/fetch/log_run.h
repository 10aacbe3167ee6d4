/* One CT log being read as a scan input: what the static-ct-api reader
 * (static_log.c) and the RFC 6962 reader (rfc6962_log.c) share. */
#ifndef CS_FETCH_LOG_RUN_H
#define CS_FETCH_LOG_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ctlog/logkey.h"
#include "ctlog/merkle.h"
#include "fetch/batcher.h"
#include "fetch/http.h"

typedef enum cs_log_kind { CS_LOG_GUESS = 0, CS_LOG_STATIC, CS_LOG_RFC6962 } cs_log_kind;

/* Where a log was read up to: the tree it was checked against and the
 * first entry not read.  `range` is the tree of entries [0, next) (its
 * perfect subtrees), so that a later run can check the next entries
 * against a larger tree without proofs. */
typedef struct cs_log_position {
    bool set;
    uint64_t tree_size;
    uint8_t root[CS_HASH_LEN];
    uint64_t next;                 /* entries [0, next) have been read */
    bool range_set;
    cs_merkle_range range;
} cs_log_position;

typedef struct cs_log_run {
    const char *url;               /* the log's prefix, no trailing '/' */
    cs_logkey key;
    uint64_t from, to;             /* entries asked for: [from, to), to = UINT64_MAX: to the end */
    cs_http *http;
    unsigned jobs;                 /* requests at once */
    cs_http_stats net;             /* requests, bytes, retries */
    cs_batcher out;
    cs_ingest_stats *stats;
    const atomic_bool *stop;
    cs_log_position start;         /* where an earlier scan stopped (resume), or not set */
    cs_log_position end;           /* filled as the log is read */
    /* Read by the progress thread too: */
    atomic_bool active;            /* being read; the fields above are set (the URL before the scan) */
    _Atomic uint64_t total;        /* entries to read this run */
    _Atomic uint64_t done;         /* entries read so far */
    double started, seconds;       /* when the read began (set before active), how long it took */
} cs_log_run;

/* Marks the input incomplete: the log served something its signed tree
 * does not hold (or a bad signature).  Said on stderr at once too. */
void cs_log_misbehaving(cs_log_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Marks the input incomplete for another reason (first reason kept). */
void cs_log_incomplete(cs_log_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool cs_log_stopping(const cs_log_run *r);
/* True when the request succeeded; otherwise the input is marked
 * incomplete with its error (unless it was stopped by a signal). */
bool cs_log_fetched(cs_log_run *r, const cs_http_req *q);
/* Updates the input's progress (bytes, estimated total) after a tile or page. */
void cs_log_progress(cs_log_run *r);

/* Read the log: false (with err) when it cannot be read at all (no tree
 * head); everything else is recorded in the stats as for any input. */
bool cs_static_log_read(cs_log_run *r, char *err, size_t err_size);
bool cs_rfc6962_log_read(cs_log_run *r, char *err, size_t err_size);

#endif
