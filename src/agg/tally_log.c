/* CT log positions in tallies (tally_log.h). */
#include "agg/tally_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cs_tally_set_input_log(cs_tally *t, uint32_t id, const cs_tally_log *log)
{
    cs_tally_input *in = cs_tally_input_slot(t, id);
    if (!in || (!in->log && !(in->log = malloc(sizeof *in->log))))
        return false;
    *in->log = *log;
    return true;
}

bool cs_tally_merge_resumed(cs_tally *t, cs_tally *old, char *err, size_t es)
{
    if (old->n_inputs > t->n_inputs) {
        snprintf(err, es, "the state counts more inputs than this scan reads");
        return false;
    }
    /* The same input in both: t's identity and position win afterwards. */
    uint8_t (*digest)[32] = calloc(old->n_inputs ? old->n_inputs : 1, 32);
    uint64_t *bytes = calloc(old->n_inputs ? old->n_inputs : 1, sizeof *bytes);
    bool *set = calloc(old->n_inputs ? old->n_inputs : 1, sizeof *set);
    if (!digest || !bytes || !set) {
        free(digest), free(bytes), free(set);
        snprintf(err, es, "out of memory");
        return false;
    }
    for (size_t i = 0; i < old->n_inputs; i++) {
        cs_tally_input *a = &t->inputs[i], *b = &old->inputs[i];
        if (!a->name || !b->name || strcmp(a->name, b->name) != 0 || !b->log) {
            free(digest), free(bytes), free(set);
            snprintf(err, es, "input %zu of the state (%.200s) is not the same log as this scan's", i,
                     b->name ? b->name : "?");
            return false;
        }
        memcpy(digest[i], a->sha256, 32);
        bytes[i] = a->digest_bytes;
        set[i] = a->digest_set;
        memcpy(a->sha256, b->sha256, 32);
        a->digest_bytes = b->digest_bytes;
        a->digest_set = b->digest_set;
        /* An earlier round's trouble with the log (incomplete, or not
         * reachable at all) is this round's to judge: it reads on from
         * the position the state kept. */
        free(b->incomplete_reason);
        b->incomplete_reason = NULL;
        b->finished = true;
        b->open_failed = false;
    }
    old->partial = false;
    bool ok = cs_tally_merge(t, old);
    for (size_t i = 0; i < old->n_inputs; i++) {
        memcpy(t->inputs[i].sha256, digest[i], 32);
        t->inputs[i].digest_bytes = bytes[i];
        t->inputs[i].digest_set = set[i];
    }
    free(digest), free(bytes), free(set);
    if (!ok)
        snprintf(err, es, "the state was made with other rules or options, or out of memory");
    return ok;
}
