/* The inputs of a split added up (see shard_tally.h). */
#include "agg/shard_tally.h"

#include <stdlib.h>
#include <string.h>

#include "agg/tally_data.h"

bool cs_tally_add_shard_inputs(cs_tally *into, size_t base, const cs_tally *from, uint32_t *reason_k)
{
    for (size_t i = 0; i < from->n_inputs; i++) {
        const cs_tally_input *s = &from->inputs[i];
        bool fresh = base + i >= into->n_inputs;
        cs_tally_input *d = cs_tally_input_slot(into, (uint32_t)(base + i));
        if (!d)
            return false;
        if (fresh) {
            if (s->name && !(d->name = strdup(s->name)))
                return false;
            d->progress_set = true;
            d->finished = true;
            d->shard_k = s->shard_k;
            d->shard_n = s->shard_n;
            d->plan = s->plan;
            d->digest_set = s->digest_set;
            d->digest_bytes = s->digest_bytes;
            memcpy(d->sha256, s->sha256, 32);
            d->plan.own_units = d->plan.own_bytes = 0;
        }
        d->linted += s->linted;
        d->failures += s->failures;
        d->finished = d->finished && s->finished;
        d->open_failed = d->open_failed || s->open_failed;
        d->bytes_read += s->bytes_read;
        if (s->total_bytes > d->total_bytes)
            d->total_bytes = s->total_bytes;
        d->plan.own_units += s->plan.own_units;
        d->plan.own_bytes += s->plan.own_bytes;
        if (s->incomplete_reason && (!reason_k[i] || s->shard_k < reason_k[i])) {
            char *r = strdup(s->incomplete_reason);
            if (!r)
                return false;
            free(d->incomplete_reason);
            d->incomplete_reason = r;
            reason_k[i] = s->shard_k;
        }
    }
    return true;
}

bool cs_tally_close_split(cs_tally *into, size_t base, size_t n, const char *missing, size_t *bad)
{
    *bad = SIZE_MAX;
    for (size_t i = base; i < base + n && i < into->n_inputs; i++) {
        cs_tally_input *in = &into->inputs[i];
        const cs_tally_shard_plan *p = &in->plan;
        if (!missing && (p->own_units != p->units || p->own_bytes != p->bytes)) {
            *bad = i;
            return false;
        }
        /* Every shard of an archive reads all of it. */
        if (in->total_bytes && in->bytes_read > in->total_bytes)
            in->bytes_read = in->total_bytes;
        in->digest_set = !missing;
        in->digest_bytes = missing ? 0 : p->bytes;
        memcpy(in->sha256, p->planned, 32);
        in->shard_k = in->shard_n = 0;
        memset(&in->plan, 0, sizeof in->plan);
        if (missing) {
            free(in->incomplete_reason);
            in->incomplete_reason = NULL;
            if (!cs_tally_set_input_incomplete(into, (uint32_t)i, missing))
                return false;
        }
    }
    if (missing)
        cs_tally_set_partial(into, true);
    return true;
}
