/* Log lists in the v3 JSON schema browsers publish: the RFC 6962 logs
 * ("logs", read at "url") and static-ct-api logs ("tiled_logs", read at
 * "monitoring_url") of every operator, with their keys and states. */
#ifndef CS_CTLOG_LOGLIST_H
#define CS_CTLOG_LOGLIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cs_loglist_log {
    char *description, *operator_name, *state; /* state: "usable", "readonly", ... ("" when absent) */
    char *url;       /* read here */
    char *key;       /* base64 SubjectPublicKeyInfo */
    bool tiled;      /* a static-ct-api log */
} cs_loglist_log;

typedef struct cs_loglist {
    size_t n;
    cs_loglist_log *logs;
} cs_loglist;

/* The logs of the list in `json` that `select` picks: comma-separated
 * words, a log is picked when its state is one of them or its
 * description or operator name contains one (case-insensitively); NULL or
 * "" picks every log.  NULL with a message when the list is malformed. */
cs_loglist *cs_loglist_parse(const char *json, size_t len, const char *select, char *err, size_t err_size);
/* The same from a file. */
cs_loglist *cs_loglist_read(const char *path, const char *select, char *err, size_t err_size);
void cs_loglist_free(cs_loglist *l);

#endif
