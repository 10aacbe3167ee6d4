/* Per-issuer tallies: building, merging, accounting (see tally.h).
 *
 * Memory is proportional to issuers: per issuer a few counters, a dense
 * array of 32-bit applicable counts (one per rule), a sparse sorted array
 * of the rules that failed with their examples, and a sparse array of
 * months.  Failure details are interned per tally. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/identity.h"
#include "agg/issuer_index.h"
#include "agg/tally.h"
#include "agg/tally_data.h"
#include "agg/text.h"
#include "corpus/corpus.h"
#include "x509/digest.h"

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

cs_tally *cs_tally_new_empty(void)
{
    cs_tally *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->table_cap = 64;
    t->table = calloc(t->table_cap, sizeof *t->table);
    if (!t->table) {
        free(t);
        return NULL;
    }
    return t;
}

cs_tally *cs_tally_new(const cs_ruleset *rs)
{
    size_t n = rs ? cs_ruleset_count(rs) : 0;
    const cs_rule **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = cs_ruleset_rule(rs, i);
    cs_tally *t = cs_tally_new_rules(v, n);
    free(v);
    if (t && rs)
        t->lint = *cs_ruleset_options(rs);
    if (t && !(t->corpus = cs_corpus_new_ex(0, !(rs && cs_ruleset_options(rs)->corpus_without_moduli)))) {
        cs_tally_free(t);
        return NULL;
    }
    return t;
}

cs_tally *cs_tally_new_rules(const cs_rule *const *rules, size_t n)
{
    cs_tally *t = cs_tally_new_empty();
    if (!t)
        return NULL;
    t->rules = calloc(n ? n : 1, sizeof *t->rules);
    bool ok = t->rules != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        const cs_rule *r = rules[i];
        cs_tally_rule *m = &t->rules[i];
        t->n_rules = i + 1;
        m->severity = (uint8_t)r->severity;
        m->source = (uint8_t)r->source;
        m->id = dup_or_empty(r->id);
        m->citation = dup_or_empty(r->citation);
        m->effective = dup_or_empty(r->effective);
        m->ineffective = dup_or_empty(r->ineffective);
        m->description = dup_or_empty(r->description);
        m->applies_to = dup_or_empty(r->applies_to);
        ok = m->id && m->citation && m->effective && m->ineffective && m->description && m->applies_to;
    }
    for (int s = 0; ok && s < CS_SOURCE_COUNT; s++)
        ok = (t->source_titles[s] = strdup(cs_source_title((cs_source)s))) != NULL;
    if (!ok) {
        cs_tally_free(t);
        return NULL;
    }
    return t;
}

static void issuer_free(cs_tally_issuer *is)
{
    if (!is)
        return;
    for (size_t i = 0; i < is->n_fails; i++)
        free(is->fails[i].examples);
    free(is->fails);
    free(is->app32);
    free(is->app64);
    free(is->runs);
    free(is->months);
    free(is->dn);
    free(is->o);
    free(is->cn);
    free(is->aki);
    free(is);
}

void cs_tally_free(cs_tally *t)
{
    if (!t)
        return;
    cs_issuer_index_free(t->issuer_index);
    for (size_t i = 0; i < t->n_rules; i++) {
        cs_tally_rule *m = &t->rules[i];
        free(m->id);
        free(m->citation);
        free(m->effective);
        free(m->ineffective);
        free(m->description);
        free(m->applies_to);
    }
    free(t->rules);
    for (int s = 0; s < CS_SOURCE_COUNT; s++)
        free(t->source_titles[s]);
    for (size_t i = 0; i < t->n_inputs; i++) {
        free(t->inputs[i].name);
        free(t->inputs[i].incomplete_reason);
        free(t->inputs[i].log);
    }
    free(t->inputs);
    for (size_t i = 0; i < t->n_failure_kinds; i++)
        free(t->failure_kinds[i].kind);
    free(t->failure_kinds);
    free(t->scans);
    for (size_t i = 0; i < t->n_issuers; i++)
        issuer_free(t->issuers[i]);
    free(t->issuers);
    free(t->table);
    for (size_t i = 0; i < t->strings_cap; i++)
        free(t->strings[i]);
    free(t->strings);
    cs_corpus_free(t->corpus);
    free(t);
}

/* ---- inputs --------------------------------------------------------- */

cs_tally_input *cs_tally_input_slot(cs_tally *t, uint32_t id)
{
    if (id >= t->n_inputs) {
        if (id >= (1u << 24)) /* far more inputs than any command line holds */
            return NULL;
        cs_tally_input *p = realloc(t->inputs, ((size_t)id + 1) * sizeof *p);
        if (!p)
            return NULL;
        memset(p + t->n_inputs, 0, ((size_t)id + 1 - t->n_inputs) * sizeof *p);
        for (size_t i = t->n_inputs; i <= id; i++)
            p[i].finished = true; /* until the pipeline says otherwise */
        t->inputs = p;
        t->n_inputs = (size_t)id + 1;
    }
    return &t->inputs[id];
}

bool cs_tally_set_input(cs_tally *t, uint32_t id, const char *name)
{
    cs_tally_input *in = cs_tally_input_slot(t, id);
    if (!in)
        return false;
    char buf[CS_TEXT_MAX + 8];
    /* Paths are not certificate data, but may be odd bytes all the same. */
    cs_text_sanitize((const uint8_t *)(name ? name : ""), name ? strlen(name) : 0, buf, sizeof buf,
                     CS_TEXT_MAX);
    char *copy = strdup(buf);
    if (!copy)
        return false;
    free(in->name);
    in->name = copy;
    return true;
}

bool cs_tally_set_input_progress(cs_tally *t, uint32_t input, bool finished, bool open_failed,
                                 uint64_t bytes_read, uint64_t total_bytes)
{
    cs_tally_input *in = cs_tally_input_slot(t, input);
    if (!in)
        return false;
    in->progress_set = true;
    in->finished = finished;
    in->open_failed = open_failed;
    in->bytes_read = bytes_read;
    in->total_bytes = total_bytes;
    return true;
}

bool cs_tally_set_input_incomplete(cs_tally *t, uint32_t input, const char *reason)
{
    cs_tally_input *in = cs_tally_input_slot(t, input);
    if (!in)
        return false;
    in->finished = false;
    if (in->incomplete_reason || !reason)
        return true;
    char buf[CS_TEXT_MAX + 8];
    cs_text_sanitize((const uint8_t *)reason, strlen(reason), buf, sizeof buf, CS_TEXT_MAX);
    return (in->incomplete_reason = strdup(buf)) != NULL;
}

const char *cs_tally_input_incomplete(const cs_tally_input *in)
{
    if (in->open_failed)
        return in->incomplete_reason ? in->incomplete_reason : "could not be opened";
    if (!in->finished || in->incomplete_reason)
        return in->incomplete_reason ? in->incomplete_reason : "not read to its end";
    return NULL;
}

void cs_tally_set_partial(cs_tally *t, bool partial) { t->partial = partial; }

/* Adds n failures of a kind; past CS_TALLY_FAILURE_KINDS kinds, to "other". */
static bool add_failure_kind(cs_tally *t, const char *kind, uint64_t n)
{
    if (t->n_failure_kinds >= CS_TALLY_FAILURE_KINDS)
        kind = "other";
    for (size_t i = 0; i < t->n_failure_kinds; i++)
        if (strcmp(t->failure_kinds[i].kind, kind) == 0) {
            t->failure_kinds[i].count += n;
            return true;
        }
    cs_tally_failure_kind *v = realloc(t->failure_kinds, (t->n_failure_kinds + 1) * sizeof *v);
    if (!v)
        return false;
    t->failure_kinds = v;
    char buf[CS_TEXT_MAX + 8];
    cs_text_sanitize((const uint8_t *)kind, strlen(kind), buf, sizeof buf, CS_TEXT_MAX);
    if (!(v[t->n_failure_kinds].kind = strdup(buf)))
        return false;
    v[t->n_failure_kinds++].count = n;
    return true;
}

bool cs_tally_add_failure_kind(cs_tally *t, const char *kind, uint64_t n)
{
    return add_failure_kind(t, kind && *kind ? kind : "unknown", n);
}

static int by_count(const void *a, const void *b)
{
    const cs_tally_failure_kind *x = *(const cs_tally_failure_kind *const *)a;
    const cs_tally_failure_kind *y = *(const cs_tally_failure_kind *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->kind, y->kind);
}

const cs_tally_failure_kind **cs_tally_sorted_failure_kinds(const cs_tally *t)
{
    if (t->n_failure_kinds == 0)
        return NULL;
    const cs_tally_failure_kind **v = malloc(t->n_failure_kinds * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < t->n_failure_kinds; i++)
        v[i] = &t->failure_kinds[i];
    qsort(v, t->n_failure_kinds, sizeof *v, by_count);
    return v;
}

bool cs_tally_add_failure(cs_tally *t, uint32_t input)
{
    cs_tally_input *in = cs_tally_input_slot(t, input);
    if (!in)
        return false;
    in->failures++;
    return true;
}

/* ---- issuers -------------------------------------------------------- */

static uint64_t key_hash(const uint8_t key[32])
{
    uint64_t h;
    memcpy(&h, key, sizeof h); /* the key is a SHA-256: already uniform */
    return h;
}

static cs_tally_issuer *find_issuer(const cs_tally *t, const uint8_t key[32])
{
    size_t mask = t->table_cap - 1;
    for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask) {
        uint32_t slot = t->table[i];
        if (!slot)
            return NULL;
        cs_tally_issuer *is = t->issuers[slot - 1];
        if (memcmp(is->key, key, 32) == 0)
            return is;
    }
}

static bool table_grow(cs_tally *t)
{
    size_t cap = t->table_cap * 2;
    uint32_t *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return false;
    for (size_t k = 0; k < t->n_issuers; k++) {
        size_t i = key_hash(t->issuers[k]->key) & (cap - 1);
        while (tab[i])
            i = (i + 1) & (cap - 1);
        tab[i] = (uint32_t)(k + 1);
    }
    free(t->table);
    t->table = tab;
    t->table_cap = cap;
    return true;
}

cs_tally_issuer *cs_tally_issuer_get(cs_tally *t, const uint8_t key[32], const char *dn,
                                     const char *o, const char *cn, const char *aki)
{
    cs_tally_issuer *is = find_issuer(t, key);
    if (is)
        return is;
    if (t->n_issuers >= UINT32_MAX - 1)
        return NULL;
    if ((t->n_issuers + 1) * 2 > t->table_cap && !table_grow(t))
        return NULL;
    if (t->n_issuers == t->cap_issuers) {
        size_t cap = t->cap_issuers ? t->cap_issuers * 2 : 16;
        cs_tally_issuer **p = realloc(t->issuers, cap * sizeof *p);
        if (!p)
            return NULL;
        t->issuers = p;
        t->cap_issuers = cap;
    }
    is = calloc(1, sizeof *is);
    if (!is)
        return NULL;
    memcpy(is->key, key, 32);
    is->first_nb = INT64_MAX;
    is->last_nb = INT64_MIN;
    is->dn = dup_or_empty(dn);
    is->o = dup_or_empty(o);
    is->cn = dup_or_empty(cn);
    is->aki = dup_or_empty(aki);
    if (!is->dn || !is->o || !is->cn || !is->aki) {
        issuer_free(is);
        return NULL;
    }
    size_t mask = t->table_cap - 1, i = key_hash(key) & mask;
    while (t->table[i])
        i = (i + 1) & mask;
    t->issuers[t->n_issuers++] = is;
    t->table[i] = (uint32_t)t->n_issuers;
    return is;
}

/* Identity: SHA-256 over the length-prefixed issuer DN and AKI keyid, so
 * that memory per issuer does not depend on how long a hostile DN is. */
bool cs_tally_issuer_key(const cs_cert *c, uint8_t key[32])
{
    uint8_t pre[9];
    uint32_t dl = (uint32_t)c->issuer.der.len;
    uint32_t al = c->aki.has_key_id ? (uint32_t)c->aki.key_id.len : 0;
    pre[0] = (uint8_t)(dl >> 24); pre[1] = (uint8_t)(dl >> 16); pre[2] = (uint8_t)(dl >> 8); pre[3] = (uint8_t)dl;
    pre[4] = c->aki.has_key_id;
    pre[5] = (uint8_t)(al >> 24); pre[6] = (uint8_t)(al >> 16); pre[7] = (uint8_t)(al >> 8); pre[8] = (uint8_t)al;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, cs_digest_md(CS_DIGEST_SHA256), NULL) &&
              EVP_DigestUpdate(ctx, pre, 5) &&
              (dl == 0 || EVP_DigestUpdate(ctx, c->issuer.der.p, dl)) &&
              EVP_DigestUpdate(ctx, pre + 5, 4) &&
              (al == 0 || EVP_DigestUpdate(ctx, c->aki.key_id.p, al)) &&
              EVP_DigestFinal_ex(ctx, key, &n) && n == 32;
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* First sight of this issuer: render its names once. */
static cs_tally_issuer *new_issuer(cs_tally *t, const cs_cert *c, const uint8_t key[32])
{
    char dn[CS_TEXT_MAX + 8], o[CS_TEXT_MAX + 8], cn[CS_TEXT_MAX + 8], aki[2 * 64 + 8];
    cs_text_name(&c->issuer, dn, sizeof dn);
    const cs_attr *ao = cs_name_find(&c->issuer, CS_OID_AT_ORGANIZATION);
    const cs_attr *acn = cs_name_find(&c->issuer, CS_OID_AT_COMMON_NAME);
    o[0] = cn[0] = '\0';
    if (ao)
        cs_text_attr(ao, o, sizeof o);
    if (acn)
        cs_text_attr(acn, cn, sizeof cn);
    aki[0] = '\0';
    if (c->aki.has_key_id) {
        size_t n = cs_text_hex(c->aki.key_id.p, c->aki.key_id.len, aki, 2 * 64 + 1);
        if (c->aki.key_id.len > 64)
            memcpy(aki + n, "\xe2\x80\xa6", 4); /* too long to show whole */
    }
    return cs_tally_issuer_get(t, key, dn, o, cn, aki);
}

static cs_tally_issuer *issuer_for_cert(cs_tally *t, const cs_cert *c)
{
    cs_tally_issuer *is = cs_issuer_index_find(t->issuer_index, c);
    if (is) /* issuers are never freed before their tally */
        return is;
    uint8_t key[32];
    if (!cs_tally_issuer_key(c, key))
        return NULL;
    if (!(is = find_issuer(t, key)) && !(is = new_issuer(t, c, key)))
        return NULL;
    if (!is->index_tried) { /* once: an issuer the index cannot keep is not offered again */
        is->index_tried = true;
        cs_issuer_index_add(t->issuer_index, c, is);
    }
    return is;
}

/* ---- counts --------------------------------------------------------- */

/* ---- interned strings ----------------------------------------------- */

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 1099511628211ull;
    return h;
}

static bool strings_grow(cs_tally *t)
{
    size_t cap = t->strings_cap ? t->strings_cap * 2 : 64;
    char **tab = calloc(cap, sizeof *tab);
    if (!tab)
        return false;
    for (size_t k = 0; k < t->strings_cap; k++) {
        if (!t->strings[k])
            continue;
        size_t i = str_hash(t->strings[k]) & (cap - 1);
        while (tab[i])
            i = (i + 1) & (cap - 1);
        tab[i] = t->strings[k];
    }
    free(t->strings);
    t->strings = tab;
    t->strings_cap = cap;
    return true;
}

const char *cs_tally_intern(cs_tally *t, const char *s)
{
    if (!s)
        s = "";
    if ((t->n_strings + 1) * 2 > t->strings_cap && !strings_grow(t))
        return NULL;
    size_t mask = t->strings_cap - 1;
    size_t i = str_hash(s) & mask;
    for (; t->strings[i]; i = (i + 1) & mask)
        if (strcmp(t->strings[i], s) == 0)
            return t->strings[i];
    if (!(t->strings[i] = strdup(s)))
        return NULL;
    t->n_strings++;
    return t->strings[i];
}

/* ---- per-rule counts ------------------------------------------------- */

bool cs_tally_add_applicable(const cs_tally *t, cs_tally_issuer *is, size_t rule, uint64_t n)
{
    if (rule >= t->n_rules)
        return true;
    if (!is->app32 && !is->app64 && !(is->app32 = calloc(t->n_rules, sizeof *is->app32)))
        return false;
    if (!is->app64 && (uint64_t)is->app32[rule] + n > UINT32_MAX) {
        /* Billions of certificates under one issuer: widen, once. */
        uint64_t *w = malloc(t->n_rules * sizeof *w);
        if (!w)
            return false;
        for (size_t i = 0; i < t->n_rules; i++)
            w[i] = is->app32[i];
        free(is->app32);
        is->app32 = NULL;
        is->app64 = w;
    }
    if (is->app64)
        is->app64[rule] += n;
    else
        is->app32[rule] += (uint32_t)n;
    return true;
}

cs_tally_rulecount *cs_tally_fail_entry(cs_tally_issuer *is, uint16_t rule, bool create)
{
    size_t lo = 0, hi = is->n_fails;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (is->fails[mid].rule < rule)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < is->n_fails && is->fails[lo].rule == rule)
        return &is->fails[lo];
    if (!create)
        return NULL;
    if (is->n_fails == is->cap_fails) {
        size_t cap = is->cap_fails ? is->cap_fails * 2 : 4;
        cs_tally_rulecount *p = realloc(is->fails, cap * sizeof *p);
        if (!p)
            return NULL;
        is->fails = p;
        is->cap_fails = cap;
    }
    memmove(is->fails + lo + 1, is->fails + lo, (is->n_fails - lo) * sizeof *is->fails);
    memset(&is->fails[lo], 0, sizeof is->fails[lo]);
    is->fails[lo].rule = rule;
    is->n_fails++;
    return &is->fails[lo];
}

void cs_tally_examples_insert(cs_tally_example *ex, uint8_t *n, const uint8_t sha256[32], const char *detail)
{
    size_t j = 0;
    while (j < *n && memcmp(ex[j].sha256, sha256, 32) < 0)
        j++;
    if (j >= CS_TALLY_EXAMPLES || (j < *n && memcmp(ex[j].sha256, sha256, 32) == 0))
        return; /* larger than all kept, or the same certificate again */
    size_t keep = *n < CS_TALLY_EXAMPLES ? *n : CS_TALLY_EXAMPLES - 1;
    memmove(ex + j + 1, ex + j, (keep - j) * sizeof *ex);
    memcpy(ex[j].sha256, sha256, 32);
    ex[j].detail = detail;
    *n = (uint8_t)(keep + 1);
}

/* Whether cs_tally_examples_insert would keep this certificate: not when
 * the examples are full and it is larger than all, nor when it is one
 * of them already (a certificate given twice). */
static bool example_wanted(const cs_tally_rulecount *rc, const uint8_t sha256[32])
{
    /* Most failures are not among the smallest: the last one first. */
    if (rc->n_examples == CS_TALLY_EXAMPLES &&
        memcmp(sha256, rc->examples[CS_TALLY_EXAMPLES - 1].sha256, 32) >= 0)
        return false;
    for (uint8_t i = 0; i < rc->n_examples; i++)
        if (memcmp(sha256, rc->examples[i].sha256, 32) == 0)
            return false;
    return true;
}

bool cs_tally_add_example(cs_tally *t, cs_tally_rulecount *rc, const uint8_t sha256[32], const char *detail)
{
    if (!example_wanted(rc, sha256))
        return true;
    const char *d = cs_tally_intern(t, detail);
    if (!d)
        return false;
    if (rc->n_examples < CS_TALLY_EXAMPLES) {
        /* Arrays grow one slot at a time: most entries keep one example. */
        cs_tally_example *p = realloc(rc->examples, (rc->n_examples + 1u) * sizeof *p);
        if (!p)
            return false;
        rc->examples = p;
    }
    cs_tally_example tmp[CS_TALLY_EXAMPLES];
    uint8_t n = rc->n_examples;
    memcpy(tmp, rc->examples, n * sizeof *tmp);
    cs_tally_examples_insert(tmp, &n, sha256, d);
    memcpy(rc->examples, tmp, n * sizeof *tmp);
    rc->n_examples = n;
    return true;
}

int32_t cs_tally_month_of(int64_t t)
{
    /* Civil from days (Howard Hinnant): no libc time zone involved. */
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    return (int32_t)(y * 12 + (m - 1));
}

void cs_tally_month_split(int32_t month, int *year, int *mon)
{
    *year = month >= 0 ? month / 12 : -((-month + 11) / 12);
    *mon = month - *year * 12 + 1;
}

void cs_tally_date(int64_t t, char out[32])
{
    int y, m;
    cs_tally_month_split(cs_tally_month_of(t), &y, &m);
    /* Day of month: days since the first of that month. */
    int64_t days = (t >= 0 ? t : t - 86399) / 86400;
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
}

static cs_tally_month *month_entry(cs_tally_issuer *is, int32_t month)
{
    if (is->last_month < is->n_months && is->months[is->last_month].month == month)
        return &is->months[is->last_month];
    size_t lo = 0, hi = is->n_months;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (is->months[mid].month < month)
            lo = mid + 1;
        else
            hi = mid;
    }
    is->last_month = lo;
    if (lo < is->n_months && is->months[lo].month == month)
        return &is->months[lo];
    if (is->n_months == is->cap_months) {
        size_t cap = is->cap_months ? is->cap_months * 2 : 4;
        cs_tally_month *p = realloc(is->months, cap * sizeof *p);
        if (!p)
            return NULL;
        is->months = p;
        is->cap_months = cap;
    }
    memmove(is->months + lo + 1, is->months + lo, (is->n_months - lo) * sizeof *is->months);
    memset(&is->months[lo], 0, sizeof is->months[lo]);
    is->months[lo].month = month;
    is->n_months++;
    return &is->months[lo];
}

/* Among thousands of issuers, an issuer's counts are seldom in cache:
 * fetch its pending applicable sets and month while the corpus collectors
 * work, before the counts below touch them. */
static void prefetch_counts(const cs_tally_issuer *is)
{
    if (is->runs)
        for (size_t off = 0; off < sizeof *is->runs + CS_APPLICABLE_RUNS * is->runs->words * sizeof(uint64_t); off += 64)
            __builtin_prefetch((const char *)is->runs + off, 1);
    if (is->months)
        __builtin_prefetch(is->months + is->last_month, 1);
}

/* Adds n to the applicable count of every rule in `set`. */
static bool add_set(const cs_tally *t, cs_tally_issuer *is, const uint64_t *set, size_t words, uint64_t n)
{
    for (size_t w = 0; w < words; w++)
        for (uint64_t word = set[w]; word; word &= word - 1) {
            size_t rule = w * 64 + (size_t)__builtin_ctzll(word);
            /* The common case inline: 32-bit counters, far from wrapping. */
            if (is->app32 && n <= UINT32_MAX - is->app32[rule])
                is->app32[rule] += (uint32_t)n;
            else if (!cs_tally_add_applicable(t, is, rule, n))
                return false;
        }
    return true;
}

/* One certificate's applicable rules (the first n of r->applicable): a
 * set the issuer had lately is counted in its runs; another one takes the
 * place of the least recent, whose count goes to the dense counters. */
static bool count_applicable(const cs_tally *t, cs_tally_issuer *is, const cs_lint_result *r, size_t n)
{
    size_t words = (n + 63) / 64;
    if (words == 0)
        return true;
    uint64_t set[CS_MAX_RULES / 64];
    memcpy(set, r->applicable, words * sizeof *set);
    if (n % 64)
        set[words - 1] &= (UINT64_C(1) << (n % 64)) - 1;
    if (!is->runs) {
        /* The dense counts exist from the first certificate on (readers
         * take NULL for "none yet"). */
        if (!is->app32 && !is->app64 && !(is->app32 = calloc(t->n_rules, sizeof *is->app32)))
            return false;
        if (!(is->runs = cs_applicable_runs_new(words)))
            return false;
    }
    if (cs_applicable_runs_count(is->runs, set))
        return true;
    uint64_t count;
    const uint64_t *leaving = cs_applicable_runs_leaving(is->runs, &count);
    if (leaving && !add_set(t, is, leaving, words, count))
        return false;
    cs_applicable_runs_push(is->runs, set);
    return true;
}

bool cs_tally_add_cert(cs_tally *t, uint32_t input, const cs_cert *c, const cs_lint_result *r,
                       const cs_decoded *d)
{
    cs_tally_input *in = cs_tally_input_slot(t, input);
    if (!in)
        return false;
    /* The TBS fingerprint first, while the issuer's slot in the index
     * comes into the cache; then the key's digest, while the issuer's
     * counts do (prefetch_counts); the records get the identity last. */
    if (!t->issuer_index)
        t->issuer_index = cs_issuer_index_new(); /* none: every identity digested */
    cs_issuer_index_prefetch(t->issuer_index, c);
    if (t->corpus && !cs_corpus_begin(t->corpus, c))
        return false;
    cs_tally_issuer *is = issuer_for_cert(t, c);
    if (!is)
        return false;
    prefetch_counts(is);
    if (t->corpus && !cs_corpus_end(t->corpus, c, is->key))
        return false;
    in->linted++;
    t->smime_guessed += c->smime.profile_guessed;

    bool sev[3] = { false, false, false };
    for (size_t k = 0; k < r->n_findings; k++)
        if (r->findings[k].severity <= CS_SEV_ERROR)
            sev[r->findings[k].severity] = true;
    is->certs++;
    is->precerts += c->is_precert || (d && d->precert);
    is->with_error += sev[CS_SEV_ERROR];
    is->with_warning += sev[CS_SEV_WARNING];
    is->with_notice += sev[CS_SEV_NOTICE];
    if (c->not_before.valid) {
        int64_t nb = c->not_before.t;
        if (nb < is->first_nb)
            is->first_nb = nb;
        if (nb > is->last_nb)
            is->last_nb = nb;
        cs_tally_month *m = month_entry(is, cs_tally_month_of(nb));
        if (!m)
            return false;
        m->certs++;
        m->with_error += sev[CS_SEV_ERROR];
        m->with_warning += sev[CS_SEV_WARNING];
        m->with_notice += sev[CS_SEV_NOTICE];
    } else {
        is->undated++;
    }

    size_t n = t->n_rules < CS_MAX_RULES ? t->n_rules : CS_MAX_RULES;
    if (!count_applicable(t, is, r, n))
        return false;
    /* Failures: sparse, with the smallest SHA-256s as examples. */
    for (size_t k = 0; k < r->n_findings; k++) {
        const cs_finding *f = &r->findings[k];
        if (f->rule >= n)
            continue;
        if (!cs_lint_applicable(r, f->rule) && !cs_tally_add_applicable(t, is, f->rule, 1))
            return false; /* a failure always counts as applicable */
        cs_tally_rulecount *rc = cs_tally_fail_entry(is, f->rule, true);
        if (!rc)
            return false;
        rc->failed++;
        if (!example_wanted(rc, c->sha256))
            continue; /* not kept: no detail to render */
        char detail[CS_DETAIL_MAX];
        cs_text_sanitize((const uint8_t *)f->detail.text, strnlen(f->detail.text, sizeof f->detail.text), detail,
                         sizeof detail, sizeof detail - 1);
        if (!cs_tally_add_example(t, rc, c->sha256, detail))
            return false;
    }
    return true;
}

/* ---- merging -------------------------------------------------------- */

static bool streq(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

bool cs_tally_compatible(const cs_tally *a, const cs_tally *b, char *err, size_t err_size)
{
    if (a->n_rules != b->n_rules) {
        snprintf(err, err_size, "made with different rule selections (%zu rules vs %zu)", a->n_rules,
                 b->n_rules);
        return false;
    }
    for (size_t i = 0; i < a->n_rules; i++) {
        const cs_tally_rule *x = &a->rules[i], *y = &b->rules[i];
        if (!streq(x->id, y->id)) {
            snprintf(err, err_size, "made with different rule selections (rule %s vs %s)", x->id, y->id);
            return false;
        }
        if (x->severity != y->severity || x->source != y->source || !streq(x->citation, y->citation) ||
            !streq(x->effective, y->effective) || !streq(x->ineffective, y->ineffective) ||
            !streq(x->description, y->description) || !streq(x->applies_to, y->applies_to)) {
            snprintf(err, err_size, "made with different versions of rule %s", x->id);
            return false;
        }
    }
    for (int s = 0; s < CS_SOURCE_COUNT; s++)
        if (!streq(a->source_titles[s], b->source_titles[s])) {
            snprintf(err, err_size, "made with different rule sources (%s vs %s)",
                     a->source_titles[s] ? a->source_titles[s] : "",
                     b->source_titles[s] ? b->source_titles[s] : "");
            return false;
        }
    if (a->lint.as_of_set != b->lint.as_of_set || (a->lint.as_of_set && a->lint.as_of != b->lint.as_of)) {
        char x[32] = "notBefore", y[32] = "notBefore";
        if (a->lint.as_of_set)
            cs_tally_date(a->lint.as_of, x);
        if (b->lint.as_of_set)
            cs_tally_date(b->lint.as_of, y);
        snprintf(err, err_size, "made with the rules in force at different dates (--as-of %s vs %s)", x, y);
        return false;
    }
    if (a->lint.smime_guess != b->lint.smime_guess) {
        snprintf(err, err_size, "made with and without --smime-guess");
        return false;
    }
    if (a->lint.tls_scope_zlint != b->lint.tls_scope_zlint) {
        snprintf(err, err_size, "made with and without --tls-scope-zlint");
        return false;
    }
    if (a->lint.verify_signatures != b->lint.verify_signatures) {
        snprintf(err, err_size, "made with and without --verify-signatures");
        return false;
    }
    return true;
}

static bool merge_issuer(cs_tally *t, cs_tally_issuer *dst, const cs_tally_issuer *src)
{
    dst->certs += src->certs;
    dst->precerts += src->precerts;
    dst->with_error += src->with_error;
    dst->with_warning += src->with_warning;
    dst->with_notice += src->with_notice;
    dst->undated += src->undated;
    if (src->first_nb < dst->first_nb)
        dst->first_nb = src->first_nb;
    if (src->last_nb > dst->last_nb)
        dst->last_nb = src->last_nb;
    if (src->app32 || src->app64)
        for (size_t r = 0; r < t->n_rules; r++) {
            uint64_t n = cs_tally_applicable(src, r);
            if (n && !cs_tally_add_applicable(t, dst, r, n))
                return false;
        }
    for (size_t i = 0; i < src->n_fails; i++) {
        const cs_tally_rulecount *s = &src->fails[i];
        cs_tally_rulecount *rc = cs_tally_fail_entry(dst, s->rule, true);
        if (!rc)
            return false;
        rc->failed += s->failed;
        for (size_t e = 0; e < s->n_examples; e++)
            if (!cs_tally_add_example(t, rc, s->examples[e].sha256, s->examples[e].detail))
                return false;
    }
    for (size_t i = 0; i < src->n_months; i++) {
        const cs_tally_month *s = &src->months[i];
        cs_tally_month *m = month_entry(dst, s->month);
        if (!m)
            return false;
        m->certs += s->certs;
        m->with_error += s->with_error;
        m->with_warning += s->with_warning;
        m->with_notice += s->with_notice;
    }
    return true;
}

/* Inputs: the same id with the same name (or an unnamed one, as per-thread
 * tallies have) is the same input; a differently named one, or one with
 * other bytes, comes from another shard and is appended, as if it had
 * been given after ours. */
static bool merge_inputs(cs_tally *into, const cs_tally *from)
{
    size_t base = into->n_inputs;
    bool shard = false;
    for (size_t i = 0; i < from->n_inputs && !shard && i < base; i++) {
        const cs_tally_input *a = &into->inputs[i], *b = &from->inputs[i];
        if ((a->name && b->name && strcmp(a->name, b->name) != 0) ||
            (a->digest_set && b->digest_set &&
             (a->digest_bytes != b->digest_bytes || memcmp(a->sha256, b->sha256, 32) != 0)))
            shard = true;
    }
    for (size_t i = 0; i < from->n_inputs; i++) {
        const cs_tally_input *s = &from->inputs[i];
        size_t id = shard ? base + i : i;
        cs_tally_input *d = cs_tally_input_slot(into, (uint32_t)id);
        if (!d)
            return false;
        if (!d->name && s->name && !(d->name = strdup(s->name)))
            return false;
        if (!d->incomplete_reason && s->incomplete_reason && !(d->incomplete_reason = strdup(s->incomplete_reason)))
            return false;
        if (!d->digest_set && s->digest_set) {
            d->digest_set = true;
            d->digest_bytes = s->digest_bytes;
            memcpy(d->sha256, s->sha256, 32);
            d->shard_k = s->shard_k;
            d->shard_n = s->shard_n;
        }
        /* A CT log's position: the one read furthest. */
        if (s->log && (!d->log || s->log->next > d->log->next)) {
            if (!d->log && !(d->log = malloc(sizeof *d->log)))
                return false;
            *d->log = *s->log;
        }
        d->linted += s->linted;
        d->failures += s->failures;
        if (s->progress_set) {
            if (d->progress_set) {
                d->finished = d->finished && s->finished;
                d->open_failed = d->open_failed || s->open_failed;
                if (s->bytes_read > d->bytes_read)
                    d->bytes_read = s->bytes_read;
                if (s->total_bytes > d->total_bytes)
                    d->total_bytes = s->total_bytes;
            } else {
                d->progress_set = true;
                d->finished = s->finished;
                d->open_failed = s->open_failed;
                d->bytes_read = s->bytes_read;
                d->total_bytes = s->total_bytes;
            }
        }
    }
    return true;
}

bool cs_tally_merge(cs_tally *into, const cs_tally *from)
{
    return cs_tally_merge_counts(into, from) && merge_inputs(into, from);
}

bool cs_tally_merge_counts(cs_tally *into, const cs_tally *from)
{
    char err[256];
    if (!cs_tally_compatible(into, from, err, sizeof err))
        return false;
    into->partial = into->partial || from->partial;
    into->smime_guessed += from->smime_guessed;
    if (!cs_tally_merge_scans(into, from))
        return false;
    for (size_t i = 0; i < from->n_failure_kinds; i++)
        if (!add_failure_kind(into, from->failure_kinds[i].kind, from->failure_kinds[i].count))
            return false;
    for (size_t i = 0; i < from->n_issuers; i++) {
        const cs_tally_issuer *s = from->issuers[i];
        cs_tally_issuer *d = cs_tally_issuer_get(into, s->key, s->dn, s->o, s->cn, s->aki);
        if (!d || !merge_issuer(into, d, s))
            return false;
    }
    return !into->corpus || cs_corpus_merge(into->corpus, from->corpus);
}

/* ---- totals and order ----------------------------------------------- */

uint64_t cs_tally_certificates_linted(const cs_tally *t)
{
    uint64_t n = 0;
    for (size_t i = 0; i < t->n_inputs; i++)
        n += t->inputs[i].linted;
    return n;
}

uint64_t cs_tally_parse_failures(const cs_tally *t)
{
    uint64_t n = 0;
    for (size_t i = 0; i < t->n_inputs; i++)
        n += t->inputs[i].failures;
    return n;
}

uint64_t cs_tally_records_read(const cs_tally *t)
{
    return cs_tally_certificates_linted(t) + cs_tally_parse_failures(t);
}

size_t cs_tally_issuer_count(const cs_tally *t) { return t->n_issuers; }

size_t cs_tally_inputs_failed(const cs_tally *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_inputs; i++)
        n += t->inputs[i].open_failed;
    return n;
}

size_t cs_tally_inputs_incomplete(const cs_tally *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_inputs; i++)
        n += cs_tally_input_incomplete(&t->inputs[i]) != NULL;
    return n;
}

static int by_report_order(const void *a, const void *b)
{
    const cs_tally_issuer *x = *(const cs_tally_issuer *const *)a;
    const cs_tally_issuer *y = *(const cs_tally_issuer *const *)b;
    if (x->certs != y->certs)
        return x->certs > y->certs ? -1 : 1;
    return memcmp(x->key, y->key, 32);
}

cs_tally_issuer **cs_tally_sorted_issuers(const cs_tally *t)
{
    if (t->n_issuers == 0)
        return NULL;
    cs_tally_issuer **v = malloc(t->n_issuers * sizeof *v);
    if (!v)
        return NULL;
    memcpy(v, t->issuers, t->n_issuers * sizeof *v);
    qsort(v, t->n_issuers, sizeof *v, by_report_order);
    return v;
}
