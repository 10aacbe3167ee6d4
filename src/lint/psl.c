/* Public Suffix List look-ups; see psl.h. */
#include <libpsl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lint/psl.h"

static const psl_ctx_t *psl;
static char version[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    /* psl_latest() takes the packaged file when it is newer than the
     * built-in copy, and falls back to the built-in one; record which. */
    psl = psl_latest(NULL);
    const char *path = psl_dist_filename();
    time_t when = psl_builtin_file_time();
    const char *from = "built into libpsl";
    struct stat st;
    if (path && *path && stat(path, &st) == 0 && st.st_mtime > when) {
        when = st.st_mtime;
        from = path;
    }
    struct tm tm;
    char date[32] = "unknown date";
    if (gmtime_r(&when, &tm))
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(version, sizeof version, "libpsl %s, list of %s (%s)%s", psl_get_version(), date, from,
             psl ? "" : ", not loaded");
}

/* Copies a name into a lower-case C string; false when it does not fit or
 * holds a NUL. */
static bool to_cstr(cs_span name, char *buf, size_t size)
{
    if (name.len == 0 || name.len >= size)
        return false;
    for (size_t i = 0; i < name.len; i++) {
        uint8_t ch = name.p[i];
        if (ch == 0)
            return false;
        buf[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    buf[name.len] = 0;
    return true;
}

/* The answers for the names asked last, per thread: most questions are
 * about the same few suffixes ("com", "co.uk": every registrable-domain
 * walk and TLD check starts there), and libpsl takes 150-250 ns a
 * question.  Answers of the loaded list, checked name for name: the same
 * with or without the cache.  Direct-mapped; longer names are not kept. */
#define ANSWER_SLOTS 256
#define ANSWER_NAME_MAX 30

typedef struct answer {
    uint8_t len;   /* 0: empty */
    bool include_private, is_suffix;
    char name[ANSWER_NAME_MAX];
} answer;

static _Thread_local answer answers[ANSWER_SLOTS];

static answer *answer_slot(const char *name, size_t len, bool include_private)
{
    uint32_t h = 2166136261u ^ (uint32_t)include_private;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return &answers[(h ^ h >> 16) % ANSWER_SLOTS];
}

bool cs_psl_is_public_suffix(cs_span name, bool include_private)
{
    pthread_once(&once, load);
    char buf[256];
    if (!psl || !to_cstr(name, buf, sizeof buf))
        return false;
    answer *a = name.len <= ANSWER_NAME_MAX ? answer_slot(buf, name.len, include_private) : NULL;
    if (a && a->len == name.len && a->include_private == include_private && memcmp(a->name, buf, name.len) == 0)
        return a->is_suffix;
    int type = (include_private ? PSL_TYPE_ANY : PSL_TYPE_ICANN) | PSL_TYPE_NO_STAR_RULE;
    bool is_suffix = psl_is_public_suffix2(psl, buf, type) != 0;
    if (a) {
        a->len = (uint8_t)name.len;
        a->include_private = include_private;
        a->is_suffix = is_suffix;
        memcpy(a->name, buf, name.len);
    }
    return is_suffix;
}

/* Start of the label that ends at `end` (exclusive). */
static size_t label_start(cs_span name, size_t end)
{
    while (end > 0 && name.p[end - 1] != '.')
        end--;
    return end;
}

bool cs_psl_tld_known(cs_span name)
{
    size_t tld = label_start(name, name.len);
    if (cs_psl_is_public_suffix(cs_span_make(name.p + tld, name.len - tld), false))
        return true; /* a single label too, when it is a TLD itself ("com") */
    if (tld == 0)
        return false;
    /* Ten TLDs have no rule of their own, only second-level ones ("co.za")
     * or a wildcard ("*.ck"): judge them by the last two labels. */
    size_t sld = label_start(name, tld - 1);
    return cs_psl_is_public_suffix(cs_span_make(name.p + sld, name.len - sld), false);
}

const char *cs_psl_version(void)
{
    pthread_once(&once, load);
    return version;
}
