/* The framer table, lookup by name and detection by content. */
#include "ingest/framer.h"

#include <string.h>

/* Order matters for --list-formats only; detection takes the best score. */
static const cs_framer *const framers[] = {
    &cs_framer_pem, &cs_framer_der, &cs_framer_b64line, &cs_framer_ctjson,
    &cs_framer_tile, &cs_framer_csv, &cs_framer_jsonl,
};
#define N_FRAMERS (sizeof framers / sizeof framers[0])

static const cs_format_info auto_info = { "auto", "detect the format of each file or member by content (default)" };

size_t cs_format_count(void)
{
    return N_FRAMERS + 1;
}

const cs_format_info *cs_format_get(size_t i)
{
    if (i == 0)
        return &auto_info;
    return i <= N_FRAMERS ? &framers[i - 1]->info : NULL;
}

bool cs_format_known(const char *name)
{
    return name && (strcmp(name, "auto") == 0 || cs_framer_find(name) != NULL);
}

const cs_framer *cs_framer_find(const char *name)
{
    for (size_t i = 0; name && i < N_FRAMERS; i++)
        if (strcmp(framers[i]->info.name, name) == 0)
            return framers[i];
    return NULL;
}

const cs_framer *cs_framer_detect(const uint8_t *p, size_t n, bool eof, const char *name)
{
    const cs_framer *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < N_FRAMERS; i++) {
        /* A framer wins only by a higher score (ties go to the first). */
        if (framers[i]->most && framers[i]->most <= best_score)
            continue;
        int s = framers[i]->detect(p, n, eof, name ? name : "");
        if (s > best_score) {
            best_score = s;
            best = framers[i];
        }
    }
    return best;
}
