/* One CT log being read as a scan input: what the static-ct-api reader
 * (static_log.c) and the RFC 6962 reader (rfc6962_log.c) share. */
#ifndef CS_FETCH_LOG_RUN_H
#define CS_FETCH_LOG_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ctlog/logkey.h"
#include "ctlog/merkle.h"
#include "ctlog/tiletree.h"
#include "fetch/http.h"
#include "ingest/ingest.h"

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
    cs_ingest *out;                /* the entries, batched for the pipeline (cs_ingest_writer_new) */
    bool refused;                  /* the pipeline refused a batch (or out of memory): reading stops */
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
/* Hands one record on (an entry); false when reading must stop. */
bool cs_log_emit(cs_log_run *r, cs_record_encoding enc, const void *data, size_t len, const char *member,
                 uint64_t offset, int64_t index);
/* Updates the input's progress (bytes, estimated total) after a tile or page. */
void cs_log_progress(cs_log_run *r);

/* Whether the tree of old_size entries with old_root is a prefix of the
 * log's new tree: MATCH, MISMATCH (it is not: the log misbehaves) or
 * UNAVAILABLE (what proves it could not be fetched); why in err. */
typedef cs_tile_check (*cs_log_prove_fn)(void *ctx, uint64_t old_size, const uint8_t old_root[CS_HASH_LEN],
                                         char *err, size_t err_size);
/* Resuming (r->start set): true when the verified tree head (size, root)
 * extends the tree the state recorded, so the new entries may be read.
 * Same size: the roots must be equal; larger: `prove` must show the old
 * tree is a prefix.  Otherwise nothing is read (total 0) and the end
 * position stays the state's: a log that rewrote its history is
 * misbehaving; a proof that could not be fetched leaves the input
 * incomplete; an older tree head (smaller) is said on stderr only. */
bool cs_log_extends_state(cs_log_run *r, uint64_t size, const uint8_t root[CS_HASH_LEN], cs_log_prove_fn prove,
                          void *ctx);

/* A round of requests to a log, fetched `jobs` at a time and taken in
 * order (the fetch loop both readers share). */
typedef struct cs_log_round {
    cs_http_req *reqs;
    char (*urls)[4400];
    size_t n, cap;
} cs_log_round;

typedef enum cs_log_step {
    CS_LOG_NEXT,        /* taken: on with the next response */
    CS_LOG_NEW_ROUND,   /* the later responses of this round are not wanted: a new round */
    CS_LOG_STOP,        /* stop reading (the input has been marked) */
} cs_log_step;

/* Takes one response: `path` is its URL after the log's prefix. */
typedef cs_log_step (*cs_log_take_fn)(void *ctx, const char *path, cs_body *body);

bool cs_log_round_init(cs_log_round *q, unsigned jobs);
void cs_log_round_free(cs_log_round *q);
/* Adds a request for r->url + "/" + path; false when the round is full
 * (q->cap requests) or the URL too long. */
bool cs_log_round_add(cs_log_round *q, const cs_log_run *r, const char *path);
/* Fetches the requests added and hands each response to take, in order;
 * the progress is updated after each.  False when reading must stop: a
 * request failed (the input is marked incomplete), take said so, or the
 * scan is stopping.  The round is empty afterwards. */
bool cs_log_round_run(cs_log_round *q, cs_log_run *r, cs_log_take_fn take, void *ctx);

/* Read the log: false (with err) when it cannot be read at all (no tree
 * head); everything else is recorded in the stats as for any input. */
bool cs_static_log_read(cs_log_run *r, char *err, size_t err_size);
bool cs_rfc6962_log_read(cs_log_run *r, char *err, size_t err_size);

#endif
