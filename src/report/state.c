/* State files: the complete tallies, versioned and checksummed
 * (format: docs/state-format.md).
 *
 * Reading trusts nothing: the file size bounds the read, the checksum is
 * verified before any field is looked at, every count is checked against
 * the bytes left before anything is allocated for it, and every value is
 * checked against the invariants a tally keeps. */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agg/tally_data.h"
#include "agg/text.h"
#include "corpus/corpus.h"
#include "report/outfile.h"
#include "report/state.h"

#define STATE_MAGIC "CSWSTATE"
#define STATE_VERSION 2u
/* Header flag: a lint options section follows the rules (--as-of,
 * --smime-guess, --tls-scope-zlint); absent when all are off. */
#define STATE_FLAG_LINT_OPTIONS 1u
#define STATE_FLAG_IDENTITY 2u /* an identity section ends the payload (scans, input digests) */
#define STATE_FLAG_SHARD 4u    /* a shard section follows the identity (how a split cut each input) */
#define STATE_FLAG_LOGS 8u     /* a CT log positions section follows (after the shard section) */
#define STATE_FLAG_CORPUS 16u   /* the corpus collectors' records follow (corpus/corpus.h), last */
#define STATE_FLAG_FINDINGS 32u /* the findings file's mark follows (after the CT log section) */
#define STATE_VERSION_OLDEST 1u /* version 1: no header flags, no incomplete reasons or failure kinds */
#define STATE_MAX_BYTES ((uint64_t)1 << 34) /* 16 GiB: far above any real tally */
#define META_MAX 4096                       /* longest rule metadata string */
/* notBefore range a certificate can encode: 0000-01-01 .. 9999-12-31. */
#define TIME_MIN INT64_C(-62167219200)
#define TIME_MAX INT64_C(253402300799)
#define MONTH_MIN 0
#define MONTH_MAX (9999 * 12 + 11)

/* ---- writing -------------------------------------------------------- */

typedef struct wr {
    FILE *f;
    EVP_MD_CTX *md;
    bool ok;
} wr;

static void w_bytes(wr *w, const void *p, size_t n)
{
    if (n == 0 || !w->ok)
        return;
    if (fwrite(p, 1, n, w->f) != n || !EVP_DigestUpdate(w->md, p, n))
        w->ok = false;
}

static void w_u8(wr *w, uint8_t v) { w_bytes(w, &v, 1); }

static void w_u32(wr *w, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    w_bytes(w, b, 4);
}

static void w_u64(wr *w, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    w_bytes(w, b, 8);
}

static void w_str(wr *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    w_u32(w, (uint32_t)n);
    w_bytes(w, s, n);
}

/* The corpus section's writer (cs_corpus_write). */
static bool w_put(void *ctx, const void *p, size_t n)
{
    wr *w = ctx;
    w_bytes(w, p, n);
    return w->ok;
}

static bool has_lint_options(const cs_tally *t)
{
    return t->lint.as_of_set || t->lint.smime_guess || t->lint.tls_scope_zlint || t->lint.verify_signatures;
}

static bool has_identity(const cs_tally *t)
{
    bool any = t->n_scans > 0;
    for (size_t i = 0; i < t->n_inputs && !any; i++)
        any = t->inputs[i].digest_set;
    return any;
}

/* The scans counted and each input's digest and shard (agg/identity.h). */
static void write_identity(wr *w, const cs_tally *t)
{
    w_u32(w, (uint32_t)t->n_scans);
    for (size_t i = 0; i < t->n_scans; i++) {
        w_bytes(w, t->scans[i].id, sizeof t->scans[i].id);
        w_u64(w, (uint64_t)t->scans[i].started);
        w_str(w, t->scans[i].version);
    }
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_input *in = &t->inputs[i];
        w_u8(w, in->digest_set);
        w_u64(w, in->digest_bytes);
        w_bytes(w, in->sha256, 32);
        w_u32(w, in->shard_k);
        w_u32(w, in->shard_n);
    }
}

static bool has_shards(const cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs; i++)
        if (t->inputs[i].shard_n)
            return true;
    return false;
}

static bool has_logs(const cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs; i++)
        if (t->inputs[i].log)
            return true;
    return false;
}

/* Each input's shard plan (agg/tally_data.h), zeros when not sharded. */
static void write_shards(wr *w, const cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_shard_plan *p = &t->inputs[i].plan;
        w_bytes(w, p->planned, 32);
        w_bytes(w, p->seen, 32);
        w_u64(w, p->units);
        w_u64(w, p->bytes);
        w_u64(w, p->own_units);
        w_u64(w, p->own_bytes);
        w_u64(w, p->seen_units);
        w_u64(w, p->seen_bytes);
    }
}

/* Where each CT log input was read up to (`scan --resume`) and how its
 * last read went. */
static void write_logs(wr *w, const cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_log *l = t->inputs[i].log;
        w_u8(w, l != NULL);
        if (!l)
            continue;
        w_u64(w, l->tree_size);
        w_bytes(w, l->root, 32);
        w_u64(w, l->next);
        w_u32(w, l->n_range);
        w_bytes(w, l->range, 32 * (size_t)l->n_range);
        w_u64(w, l->entries);
        w_u64(w, l->requests);
        w_u64(w, l->retries);
        w_u64(w, l->bytes);
        w_u64(w, (uint64_t)(l->seconds * 1000));
    }
}

static void write_tally(wr *w, const cs_tally *t, cs_tally_issuer **sorted)
{
    w_str(w, CS_VERSION);
    w_u8(w, t->partial);
    w_u32(w, CS_SOURCE_COUNT);
    for (int s = 0; s < CS_SOURCE_COUNT; s++)
        w_str(w, t->source_titles[s]);
    w_u32(w, (uint32_t)t->n_rules);
    for (size_t i = 0; i < t->n_rules; i++) {
        const cs_tally_rule *r = &t->rules[i];
        w_str(w, r->id);
        w_u8(w, r->severity);
        w_u8(w, r->source);
        w_str(w, r->citation);
        w_str(w, r->effective);
        w_str(w, r->ineffective);
        w_str(w, r->description);
        w_str(w, r->applies_to);
    }
    if (has_lint_options(t)) {
        w_u8(w, (uint8_t)((t->lint.as_of_set ? 1 : 0) | (t->lint.smime_guess ? 2 : 0) | (t->lint.tls_scope_zlint ? 4 : 0) |
                          (t->lint.verify_signatures ? 8 : 0)));
        w_u64(w, (uint64_t)(t->lint.as_of_set ? t->lint.as_of : 0));
        w_u64(w, t->smime_guessed);
    }
    w_u32(w, (uint32_t)t->n_inputs);
    for (size_t i = 0; i < t->n_inputs; i++) {
        const cs_tally_input *in = &t->inputs[i];
        w_u8(w, (uint8_t)((in->name ? 1 : 0) | (in->finished ? 2 : 0) | (in->open_failed ? 4 : 0) |
                          (in->progress_set ? 8 : 0)));
        w_str(w, in->name);
        w_u64(w, in->linted);
        w_u64(w, in->failures);
        w_u64(w, in->bytes_read);
        w_u64(w, in->total_bytes);
    }
    w_u64(w, t->n_issuers);
    for (size_t i = 0; i < t->n_issuers; i++) {
        const cs_tally_issuer *is = sorted[i];
        w_bytes(w, is->key, 32);
        w_str(w, is->dn);
        w_str(w, is->o);
        w_str(w, is->cn);
        w_str(w, is->aki);
        w_u64(w, is->certs);
        w_u64(w, is->precerts);
        w_u64(w, is->with_error);
        w_u64(w, is->with_warning);
        w_u64(w, is->with_notice);
        w_u64(w, is->undated);
        w_u64(w, (uint64_t)is->first_nb);
        w_u64(w, (uint64_t)is->last_nb);
        uint32_t n_app = 0;
        for (size_t r = 0; r < t->n_rules; r++)
            n_app += cs_tally_applicable(is, r) > 0;
        w_u32(w, n_app);
        for (size_t r = 0; r < t->n_rules; r++)
            if (cs_tally_applicable(is, r)) {
                w_u32(w, (uint32_t)r);
                w_u64(w, cs_tally_applicable(is, r));
            }
        w_u32(w, (uint32_t)is->n_fails);
        for (size_t k = 0; k < is->n_fails; k++) {
            const cs_tally_rulecount *rc = &is->fails[k];
            w_u32(w, rc->rule);
            w_u64(w, rc->failed);
            w_u8(w, rc->n_examples);
            for (size_t e = 0; e < rc->n_examples; e++) {
                w_bytes(w, rc->examples[e].sha256, 32);
                w_str(w, rc->examples[e].detail);
            }
        }
        w_u32(w, (uint32_t)is->n_months);
        for (size_t k = 0; k < is->n_months; k++) {
            const cs_tally_month *m = &is->months[k];
            w_u32(w, (uint32_t)m->month);
            w_u64(w, m->certs);
            w_u64(w, m->with_error);
            w_u64(w, m->with_warning);
            w_u64(w, m->with_notice);
        }
    }
    /* Why each input is incomplete, and the parse failures by kind. */
    for (size_t i = 0; i < t->n_inputs; i++)
        w_str(w, t->inputs[i].incomplete_reason);
    const cs_tally_failure_kind **kinds = cs_tally_sorted_failure_kinds(t);
    if (t->n_failure_kinds && !kinds)
        w->ok = false;
    w_u32(w, kinds ? (uint32_t)t->n_failure_kinds : 0);
    for (size_t k = 0; kinds && k < t->n_failure_kinds; k++) {
        w_str(w, kinds[k]->kind);
        w_u64(w, kinds[k]->count);
    }
    free(kinds);
    if (has_identity(t) || has_shards(t))
        write_identity(w, t);
    if (has_shards(t))
        write_shards(w, t);
    if (has_logs(t))
        write_logs(w, t);
    if (t->findings_mark_set) {
        w_u64(w, t->findings_mark.length);
        w_bytes(w, t->findings_mark.tail_sha256, 32);
    }
    if (t->corpus && w->ok && !cs_corpus_write(t->corpus, w_put, w))
        w->ok = false;
}

bool cs_state_write(const cs_tally *t, const char *path, char *err, size_t err_size)
{
    cs_tally_issuer **sorted = cs_tally_sorted_issuers(t);
    if (t->n_issuers && !sorted) {
        snprintf(err, err_size, "%s: out of memory", path);
        return false;
    }
    cs_outfile out;
    if (!cs_outfile_open(&out, path, err, err_size)) {
        free(sorted);
        return false;
    }
    wr w = { out.f, EVP_MD_CTX_new(), true };
    w.ok = w.md && EVP_DigestInit_ex(w.md, EVP_sha256(), NULL);
    w_bytes(&w, STATE_MAGIC, 8);
    w_u32(&w, STATE_VERSION);
    w_u32(&w, (has_lint_options(t) ? STATE_FLAG_LINT_OPTIONS : 0) |
                  (has_identity(t) || has_shards(t) ? STATE_FLAG_IDENTITY : 0) | (has_shards(t) ? STATE_FLAG_SHARD : 0) |
                  (has_logs(t) ? STATE_FLAG_LOGS : 0) | (t->corpus ? STATE_FLAG_CORPUS : 0) |
                  (t->findings_mark_set ? STATE_FLAG_FINDINGS : 0));
    write_tally(&w, t, sorted);
    uint8_t sum[32];
    unsigned int n = 0;
    if (w.ok && (!EVP_DigestFinal_ex(w.md, sum, &n) || n != 32))
        w.ok = false;
    if (w.ok)
        fwrite(sum, 1, 32, out.f); /* a failure shows in the stream's error state */
    EVP_MD_CTX_free(w.md);
    free(sorted);
    if (!w.ok && !ferror(out.f)) { /* not a write error: the digest could not be made */
        cs_outfile_abort(&out);
        snprintf(err, err_size, "%s: cannot write state file: out of memory", path);
        return false;
    }
    /* A write error is in the stream's error state: the close says why. */
    return cs_outfile_close(&out, err, err_size);
}

/* ---- reading -------------------------------------------------------- */

typedef struct rd {
    const uint8_t *p;
    size_t left;
    const char *bad; /* first problem found, NULL while all is well */
} rd;

static bool r_need(rd *r, size_t n, const char *what)
{
    if (r->bad)
        return false;
    if (n > r->left) {
        r->bad = what;
        return false;
    }
    return true;
}

static uint8_t r_u8(rd *r)
{
    if (!r_need(r, 1, "truncated"))
        return 0;
    r->left--;
    return *r->p++;
}

static uint32_t r_u32(rd *r)
{
    if (!r_need(r, 4, "truncated"))
        return 0;
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4;
    r->left -= 4;
    return v;
}

static uint64_t r_u64(rd *r)
{
    if (!r_need(r, 8, "truncated"))
        return 0;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | r->p[i];
    r->p += 8;
    r->left -= 8;
    return v;
}

static void r_bytes(rd *r, void *out, size_t n)
{
    if (!r_need(r, n, "truncated")) {
        memset(out, 0, n);
        return;
    }
    memcpy(out, r->p, n);
    r->p += n;
    r->left -= n;
}

/* A string of at most max bytes, which must already be display-safe text
 * (what the tally stores): anything else means the file was not written
 * by certsweep.  Copied into buf (size > max). */
static bool r_str(rd *r, char *buf, size_t max)
{
    uint32_t n = r_u32(r);
    if (r->bad)
        return false;
    if (n > max) {
        r->bad = "string too long";
        return false;
    }
    if (!r_need(r, n, "truncated"))
        return false;
    char clean[META_MAX + 8];
    size_t m = cs_text_sanitize(r->p, n, clean, sizeof clean, META_MAX);
    if (m != n || memcmp(clean, r->p, n) != 0) {
        r->bad = "string with invalid characters";
        return false;
    }
    memcpy(buf, r->p, n);
    buf[n] = '\0';
    r->p += n;
    r->left -= n;
    return true;
}

static char *r_strdup(rd *r, size_t max)
{
    char buf[META_MAX + 8];
    if (!r_str(r, buf, max))
        return NULL;
    char *s = strdup(buf);
    if (!s)
        r->bad = "out of memory";
    return s;
}

/* A count of items of at least `min_size` bytes each: must fit in what is left. */
static size_t r_count(rd *r, uint64_t n, size_t min_size, uint64_t max)
{
    if (r->bad)
        return 0;
    if (n > max || n > r->left / min_size) {
        r->bad = "impossible count";
        return 0;
    }
    return (size_t)n;
}

static bool read_issuer(rd *r, cs_tally *t)
{
    uint8_t key[32];
    char dn[CS_TEXT_MAX + 8], o[CS_TEXT_MAX + 8], cn[CS_TEXT_MAX + 8], aki[CS_TEXT_MAX + 8];
    r_bytes(r, key, 32);
    if (!r_str(r, dn, CS_TEXT_MAX) || !r_str(r, o, CS_TEXT_MAX) || !r_str(r, cn, CS_TEXT_MAX) ||
        !r_str(r, aki, CS_TEXT_MAX))
        return false;
    size_t before = t->n_issuers;
    cs_tally_issuer *is = cs_tally_issuer_get(t, key, dn, o, cn, aki);
    if (!is) {
        r->bad = "out of memory";
        return false;
    }
    if (t->n_issuers == before) {
        r->bad = "issuer listed twice";
        return false;
    }
    is->certs = r_u64(r);
    is->precerts = r_u64(r);
    is->with_error = r_u64(r);
    is->with_warning = r_u64(r);
    is->with_notice = r_u64(r);
    is->undated = r_u64(r);
    is->first_nb = (int64_t)r_u64(r);
    is->last_nb = (int64_t)r_u64(r);
    if (r->bad)
        return false;
    if (is->certs == 0 || is->precerts > is->certs || is->with_error > is->certs ||
        is->with_warning > is->certs || is->with_notice > is->certs || is->undated > is->certs ||
        (is->certs > is->undated && (is->first_nb > is->last_nb || is->first_nb < TIME_MIN ||
                                     is->last_nb > TIME_MAX))) {
        r->bad = "inconsistent issuer counts";
        return false;
    }
    size_t na = r_count(r, r_u32(r), 4 + 8, t->n_rules);
    long prev = -1;
    for (size_t k = 0; k < na; k++) {
        uint32_t rule = r_u32(r);
        uint64_t n = r_u64(r);
        if (r->bad)
            return false;
        if (rule >= t->n_rules || (long)rule <= prev || n == 0 || n > is->certs) {
            r->bad = "inconsistent applicable counts";
            return false;
        }
        prev = (long)rule;
        if (!cs_tally_add_applicable(t, is, rule, n)) {
            r->bad = "out of memory";
            return false;
        }
    }
    size_t nr = r_count(r, r_u32(r), 4 + 8 + 1, t->n_rules);
    if (r->bad)
        return false;
    if (nr) {
        is->fails = calloc(nr, sizeof *is->fails);
        if (!is->fails) {
            r->bad = "out of memory";
            return false;
        }
        is->cap_fails = nr;
    }
    for (size_t k = 0; k < nr; k++) {
        cs_tally_rulecount *rc = &is->fails[k];
        uint32_t rule = r_u32(r);
        rc->failed = r_u64(r);
        uint8_t ne = r_u8(r);
        if (r->bad)
            return false;
        if (rule >= t->n_rules || (k && rule <= is->fails[k - 1].rule) || rc->failed == 0 ||
            rc->failed > cs_tally_applicable(is, rule) || ne > CS_TALLY_EXAMPLES || ne > rc->failed) {
            r->bad = "inconsistent failure counts";
            return false;
        }
        rc->rule = (uint16_t)rule;
        is->n_fails = k + 1;
        for (size_t e = 0; e < ne; e++) {
            uint8_t sha[32];
            char detail[CS_DETAIL_MAX + 8];
            r_bytes(r, sha, 32);
            if (!r_str(r, detail, CS_DETAIL_MAX - 1))
                return false;
            if (e && memcmp(sha, rc->examples[e - 1].sha256, 32) <= 0) {
                r->bad = "examples out of order";
                return false;
            }
            if (!cs_tally_add_example(t, rc, sha, detail)) {
                r->bad = "out of memory";
                return false;
            }
        }
    }
    size_t nm = r_count(r, r_u32(r), 4 + 32, UINT32_MAX);
    if (r->bad)
        return false;
    if (nm) {
        is->months = calloc(nm, sizeof *is->months);
        if (!is->months) {
            r->bad = "out of memory";
            return false;
        }
        is->cap_months = nm;
    }
    uint64_t dated = 0;
    for (size_t k = 0; k < nm; k++) {
        cs_tally_month *m = &is->months[k];
        m->month = (int32_t)r_u32(r);
        m->certs = r_u64(r);
        m->with_error = r_u64(r);
        m->with_warning = r_u64(r);
        m->with_notice = r_u64(r);
        if (r->bad)
            return false;
        if ((k && m->month <= is->months[k - 1].month) || m->month < MONTH_MIN || m->month > MONTH_MAX ||
            m->certs == 0 || m->with_error > m->certs ||
            m->with_warning > m->certs || m->with_notice > m->certs || m->certs > is->certs - dated) {
            r->bad = "inconsistent monthly counts";
            return false;
        }
        dated += m->certs;
        is->n_months = k + 1;
    }
    if (dated + is->undated != is->certs) {
        r->bad = "monthly counts do not add up";
        return false;
    }
    return true;
}

static bool read_lint_options(rd *r, cs_tally *t)
{
    uint8_t opts = r_u8(r);
    int64_t as_of = (int64_t)r_u64(r);
    t->smime_guessed = r_u64(r);
    if (r->bad)
        return false;
    t->lint.as_of_set = opts & 1;
    t->lint.as_of = as_of;
    t->lint.smime_guess = opts & 2;
    t->lint.tls_scope_zlint = opts & 4;
    t->lint.verify_signatures = opts & 8;
    if ((opts & ~15u) || !opts || (t->lint.as_of_set ? as_of < TIME_MIN || as_of > TIME_MAX || as_of % 86400 : as_of) ||
        (t->smime_guessed && !t->lint.smime_guess)) {
        r->bad = "invalid lint options";
        return false;
    }
    return true;
}

/* The identity section (header flag STATE_FLAG_IDENTITY). */
static bool read_identity(rd *r, cs_tally *t)
{
    size_t n = r_count(r, r_u32(r), 16 + 8 + 4, 1u << 24);
    if (r->bad)
        return false;
    t->scans = calloc(n ? n : 1, sizeof *t->scans);
    if (!t->scans) {
        r->bad = "out of memory";
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        cs_tally_scan *s = &t->scans[i];
        r_bytes(r, s->id, sizeof s->id);
        s->started = (int64_t)r_u64(r);
        if (!r_str(r, s->version, sizeof s->version - 1))
            return false;
        t->n_scans = i + 1;
    }
    for (size_t i = 0; i < t->n_inputs && !r->bad; i++) {
        cs_tally_input *in = &t->inputs[i];
        uint8_t set = r_u8(r);
        in->digest_bytes = r_u64(r);
        r_bytes(r, in->sha256, 32);
        in->shard_k = r_u32(r);
        in->shard_n = r_u32(r);
        in->digest_set = set == 1;
        if (!r->bad && (set > 1 || in->shard_k > in->shard_n || (in->shard_n && !in->shard_k))) {
            r->bad = "invalid input identity";
            return false;
        }
    }
    return !r->bad;
}

/* The shard section (header flag STATE_FLAG_SHARD). */
static bool read_shards(rd *r, cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs && !r->bad; i++) {
        cs_tally_input *in = &t->inputs[i];
        cs_tally_shard_plan *p = &in->plan;
        r_bytes(r, p->planned, 32);
        r_bytes(r, p->seen, 32);
        p->units = r_u64(r);
        p->bytes = r_u64(r);
        p->own_units = r_u64(r);
        p->own_bytes = r_u64(r);
        p->seen_units = r_u64(r);
        p->seen_bytes = r_u64(r);
        static const cs_tally_shard_plan none;
        if (!r->bad && (in->shard_n ? p->own_units > p->units || p->own_bytes > p->bytes
                                    : memcmp(p, &none, sizeof none) != 0)) {
            r->bad = "invalid shard plan";
            return false;
        }
    }
    return !r->bad;
}

/* The CT log section (header flag STATE_FLAG_LOGS). */
static bool read_logs(rd *r, cs_tally *t)
{
    for (size_t i = 0; i < t->n_inputs && !r->bad; i++) {
        uint8_t has = r_u8(r);
        if (has > 1 && !r->bad)
            r->bad = "invalid CT log flag";
        if (has != 1 || r->bad)
            continue;
        cs_tally_log *l = calloc(1, sizeof *l);
        if (!l) {
            r->bad = "out of memory";
            return false;
        }
        t->inputs[i].log = l;
        l->tree_size = r_u64(r);
        r_bytes(r, l->root, 32);
        l->next = r_u64(r);
        l->n_range = r_u32(r);
        if (!r->bad && (l->n_range > 64 || l->next > l->tree_size ||
                        (l->n_range && (unsigned)__builtin_popcountll(l->next) != l->n_range))) {
            r->bad = "invalid CT log position";
            return false;
        }
        r_bytes(r, l->range, 32 * (size_t)l->n_range);
        l->entries = r_u64(r);
        l->requests = r_u64(r);
        l->retries = r_u64(r);
        l->bytes = r_u64(r);
        l->seconds = (double)r_u64(r) / 1000;
    }
    return !r->bad;
}

/* The corpus section (header flag STATE_FLAG_CORPUS). */
static bool read_corpus(rd *r, cs_tally *t)
{
    const char *why = NULL;
    if (!(t->corpus = cs_corpus_new(0))) {
        r->bad = "out of memory";
        return false;
    }
    size_t used = cs_corpus_read(t->corpus, r->p, r->left, &why);
    if (!used) {
        r->bad = why;
        return false;
    }
    if (cs_corpus_certificates(t->corpus) != cs_tally_certificates_linted(t)) {
        r->bad = "corpus counts do not add up to the certificates linted";
        return false;
    }
    r->p += used;
    r->left -= used;
    return true;
}

static bool read_tally(rd *r, cs_tally *t, uint32_t format_version, uint32_t header_flags, char *version,
                       size_t version_size)
{
    char buf[META_MAX + 8];
    if (!r_str(r, buf, META_MAX))
        return false;
    size_t vl = strlen(buf) < version_size - 1 ? strlen(buf) : version_size - 1;
    memcpy(version, buf, vl); /* informational: which certsweep wrote it */
    version[vl] = '\0';
    t->partial = r_u8(r) != 0;
    if (r_u32(r) != CS_SOURCE_COUNT && !r->bad) {
        r->bad = "a different number of rule sources";
        return false;
    }
    for (int s = 0; s < CS_SOURCE_COUNT; s++)
        if (!(t->source_titles[s] = r_strdup(r, META_MAX)))
            return false;
    size_t nr = r_count(r, r_u32(r), 4 * 6 + 2, CS_MAX_RULES);
    if (r->bad)
        return false;
    t->rules = calloc(nr ? nr : 1, sizeof *t->rules);
    if (!t->rules) {
        r->bad = "out of memory";
        return false;
    }
    for (size_t i = 0; i < nr; i++) {
        cs_tally_rule *m = &t->rules[i];
        t->n_rules = i + 1;
        m->id = r_strdup(r, 256);
        m->severity = r_u8(r);
        m->source = r_u8(r);
        m->citation = r_strdup(r, META_MAX);
        m->effective = r_strdup(r, 32);
        m->ineffective = r_strdup(r, 32);
        m->description = r_strdup(r, META_MAX);
        m->applies_to = r_strdup(r, META_MAX);
        if (r->bad)
            return false;
        if (!m->id[0] || m->severity > CS_SEV_ERROR || m->source >= CS_SOURCE_COUNT ||
            (i && strcmp(t->rules[i - 1].id, m->id) >= 0)) {
            r->bad = "invalid rule metadata";
            return false;
        }
    }
    if ((header_flags & STATE_FLAG_LINT_OPTIONS) && !read_lint_options(r, t))
        return false;
    size_t ni = r_count(r, r_u32(r), 1 + 4 + 32, 1u << 24);
    if (r->bad)
        return false;
    for (size_t i = 0; i < ni; i++) {
        cs_tally_input *in = cs_tally_input_slot(t, (uint32_t)i);
        if (!in) {
            r->bad = "out of memory";
            return false;
        }
        uint8_t flags = r_u8(r);
        if (!r_str(r, buf, CS_TEXT_MAX))
            return false;
        if (flags & 1 && !(in->name = strdup(buf))) {
            r->bad = "out of memory";
            return false;
        }
        in->finished = flags & 2;
        in->open_failed = flags & 4;
        in->progress_set = flags & 8;
        in->linted = r_u64(r);
        in->failures = r_u64(r);
        in->bytes_read = r_u64(r);
        in->total_bytes = r_u64(r);
        if (!r->bad && (flags & ~15u || in->linted > UINT64_MAX - in->failures)) {
            r->bad = "invalid input record";
            return false;
        }
    }
    size_t nis = r_count(r, r_u64(r), 32 + 16 + 64 + 8, SIZE_MAX);
    uint64_t certs = 0;
    for (size_t i = 0; i < nis && !r->bad; i++)
        if (read_issuer(r, t))
            certs += t->issuers[t->n_issuers - 1]->certs;
    if (!r->bad && certs != cs_tally_certificates_linted(t))
        r->bad = "issuer counts do not add up to the certificates linted";
    if (format_version >= 2) {
        for (size_t i = 0; i < ni && !r->bad; i++) {
            if (!r_str(r, buf, CS_TEXT_MAX))
                return false;
            if (*buf && t->inputs[i].finished) {
                r->bad = "incomplete reason for a finished input";
                return false;
            }
            if (*buf && !cs_tally_set_input_incomplete(t, (uint32_t)i, buf)) {
                r->bad = "out of memory";
                return false;
            }
        }
        size_t nk = r_count(r, r_u32(r), 4 + 8, CS_TALLY_FAILURE_KINDS);
        uint64_t failures = 0;
        for (size_t k = 0; k < nk && !r->bad; k++) {
            if (!r_str(r, buf, CS_TEXT_MAX))
                return false;
            uint64_t n = r_u64(r);
            failures += n;
            if (!r->bad && (n == 0 || failures > cs_tally_parse_failures(t) || *buf == '\0')) {
                r->bad = "invalid parse failure kind";
                return false;
            }
            if (!r->bad && !cs_tally_add_failure_kind(t, buf, n))
                r->bad = "out of memory";
        }
    }
    if (!r->bad && t->smime_guessed > certs)
        r->bad = "more guessed S/MIME profiles than certificates";
    if (!r->bad && (header_flags & STATE_FLAG_IDENTITY) && !read_identity(r, t))
        return false;
    if (!r->bad && (header_flags & STATE_FLAG_SHARD) && !read_shards(r, t))
        return false;
    if (!r->bad && (header_flags & STATE_FLAG_LOGS) && !read_logs(r, t))
        return false;
    if (header_flags & STATE_FLAG_FINDINGS) {
        t->findings_mark.length = r_u64(r);
        r_bytes(r, t->findings_mark.tail_sha256, 32);
        t->findings_mark_set = !r->bad;
    }
    if (!r->bad && (header_flags & STATE_FLAG_CORPUS) && !read_corpus(r, t))
        return false;
    if (!r->bad && r->left != 0)
        r->bad = "trailing bytes";
    return !r->bad;
}

cs_tally *cs_state_read(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file", path);
        fclose(f);
        return NULL;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size < 8 + 4 + 4 + 32 || size > STATE_MAX_BYTES) {
        snprintf(err, err_size, "%s: not a certsweep state file (size %llu)", path, (unsigned long long)size);
        fclose(f);
        return NULL;
    }
    uint8_t *buf = malloc((size_t)size);
    if (!buf) {
        snprintf(err, err_size, "%s: out of memory (%llu bytes)", path, (unsigned long long)size);
        fclose(f);
        return NULL;
    }
    size_t got = fread(buf, 1, (size_t)size, f);
    fclose(f);
    cs_tally *t = NULL;
    uint32_t version = 0;
    if (got != size) {
        snprintf(err, err_size, "%s: read error or file changed while reading", path);
        goto out;
    }
    if (memcmp(buf, STATE_MAGIC, 8) != 0) {
        snprintf(err, err_size, "%s: not a certsweep state file (bad magic)", path);
        goto out;
    }
    version = (uint32_t)buf[8] | (uint32_t)buf[9] << 8 | (uint32_t)buf[10] << 16 | (uint32_t)buf[11] << 24;
    if (version < STATE_VERSION_OLDEST || version > STATE_VERSION) {
        snprintf(err, err_size, "%s: state file format version %u; this certsweep reads versions %u to %u",
                 path, version, STATE_VERSION_OLDEST, STATE_VERSION);
        goto out;
    }
    uint8_t sum[32];
    unsigned int n = 0;
    if (!EVP_Digest(buf, (size_t)size - 32, sum, &n, EVP_sha256(), NULL) || n != 32 ||
        memcmp(sum, buf + size - 32, 32) != 0) {
        snprintf(err, err_size, "%s: corrupt state file (checksum mismatch)", path);
        goto out;
    }
    uint32_t flags = (uint32_t)buf[12] | (uint32_t)buf[13] << 8 | (uint32_t)buf[14] << 16 | (uint32_t)buf[15] << 24;
    if ((flags & ~(version >= 2 ? STATE_FLAG_LINT_OPTIONS | STATE_FLAG_IDENTITY | STATE_FLAG_SHARD | STATE_FLAG_LOGS |
                                      STATE_FLAG_CORPUS | STATE_FLAG_FINDINGS
                                : 0u)) ||
        ((flags & STATE_FLAG_SHARD) && !(flags & STATE_FLAG_IDENTITY))) {
        snprintf(err, err_size, "%s: state file uses features this certsweep does not know (flags %#x)", path,
                 flags);
        goto out;
    }
    t = cs_tally_new_empty();
    if (!t) {
        snprintf(err, err_size, "%s: out of memory", path);
        goto out;
    }
    rd r = { buf + 16, (size_t)size - 16 - 32, NULL };
    char made_by[64];
    if (!read_tally(&r, t, version, flags, made_by, sizeof made_by)) {
        snprintf(err, err_size, "%s: corrupt state file (%s)", path, r.bad ? r.bad : "invalid");
        cs_tally_free(t);
        t = NULL;
    }
out:
    free(buf);
    return t;
}
