/* Internal to src/api: the handle types behind include/certsweep.h. */
#ifndef CS_API_INTERNAL_H
#define CS_API_INTERNAL_H

#include "certsweep.h"
#include "lint/ruleset.h"

struct csw_ruleset {
    cs_ruleset *rs;
    size_t n;
    csw_rule *rules;   /* public metadata, one per rule of rs, same order */
};

/* Copies at most size-1 bytes of a message into err (err may be NULL).
 * Hidden: the csw_* prefix is otherwise what libcertsweep.so exports. */
__attribute__((visibility("hidden"))) void csw_set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
