/* The corpus findings, from the sorted records (see corpus.h):
 *
 *   serial records, by issuer and serial: each (issuer, serial) group is
 *     one serial number; its records sorted by TBS fingerprint, so each
 *     distinct fingerprint is one issuance.  Two issuances among the
 *     final certificates (or among the precertificates) is a duplicate
 *     serial; one precertificate and one final certificate whose
 *     fingerprints differ is a mismatched pair.  Over an issuer's distinct
 *     serials (those issued since the serial rules took effect): steps
 *     below 2^16 between neighbours in numeric order (sequential), and the
 *     bit positions that vary among them or the share shorter than 8
 *     octets (entropy, judged from 16 serials up).
 *   key records, by key: the subscriber (non-CA) certificates of one key
 *     are grouped into subjects that share an organization, a registrable
 *     domain or mailbox, or a subject name; two groups or more is key
 *     reuse.  A CA and a subscriber certificate is a CA key in a
 *     subscriber.
 *   modulus records: distinct moduli to the batch GCD (keys/batchgcd.h),
 *     whose shared factors are mapped back to the certificates through
 *     the key records. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "corpus/corpus_int.h"
#include "keys/batchgcd.h"

/* Serial rules in force (notBefore): TLS BR 7.1 since ballot 164 (64 bits,
 * 2016-09-30), S/MIME BR from its start. */
#define TLS_SERIAL_RULES INT64_C(1475193600)
#define SMIME_SERIAL_RULES INT64_C(1693526400)
#define ENTROPY_MIN_SERIALS 16
#define SEQUENTIAL_STEP_BYTES 2   /* a step below 2^16 */
#define SEQUENTIAL_MIN_STEPS 2
#define KEY_GROUP_MAX 4096        /* certificates of one key looked at for subjects */

typedef struct results_builder {
    cs_corpus_results *r;
    size_t cap;
    bool oom;
} results_builder;

static uint8_t source_of(uint8_t flags, bool rfc5280_has_rule)
{
    if (flags & CS_REC_SMIME)
        return CS_SOURCE_SMIME;
    if ((flags & CS_REC_TLS) || !rfc5280_has_rule)
        return CS_SOURCE_TLS;
    return CS_SOURCE_RFC5280;
}

/* A new finding to fill, or NULL when past CS_CORPUS_FINDINGS_KEPT (it is
 * counted all the same) or out of memory. */
static cs_corpus_finding *add_finding(results_builder *b, cs_corpus_kind kind, const uint8_t issuer[32],
                                      uint8_t flags)
{
    cs_corpus_results *r = b->r;
    r->counts[kind]++;
    if (r->n >= CS_CORPUS_FINDINGS_KEPT)
        return NULL;
    if (r->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        cs_corpus_finding *f = realloc(r->findings, cap * sizeof *f);
        if (!f) {
            b->oom = true;
            return NULL;
        }
        r->findings = f;
        b->cap = cap;
    }
    cs_corpus_finding *f = &r->findings[r->n++];
    memset(f, 0, sizeof *f);
    f->kind = (uint8_t)kind;
    f->source = source_of(flags, kind == CS_CORPUS_SERIAL_DUPLICATE);
    memcpy(f->issuer, issuer, 32);
    return f;
}

static void list_cert(cs_corpus_finding *f, const uint8_t sha[32])
{
    if (f && f->n_listed < CS_CORPUS_LISTED)
        memcpy(f->certs[f->n_listed++], sha, 32);
}

static int64_t not_before(const cs_serial_record *s)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | s->not_before[i];
    return v ? (int64_t)(v ^ (1ull << 63)) : INT64_MIN;
}

/* ---- serial numbers ------------------------------------------------- */

/* One issuance (TBS fingerprint) of the current serial. */
typedef struct issuance {
    uint8_t final_sha[32], pre_sha[32];
    bool has_final, has_pre;
} issuance;

typedef struct serial_group {
    cs_serial_record first;       /* first record of the group */
    issuance iss[CS_CORPUS_LISTED + 1];
    size_t n_iss;                 /* issuances seen (counted past the array) */
    size_t with_final, with_pre;  /* issuances with a final certificate / a precertificate */
    uint64_t certs;               /* distinct certificates */
    uint8_t flags;
    bool cur_pre, cur_final;      /* the current issuance has a precertificate / a final certificate */
    uint8_t last_tbs[32], last_sha[32];
} serial_group;

typedef struct issuer_serials {
    uint8_t issuer[32];
    uint64_t serials;             /* distinct serials judged (in force, not hashed, positive) */
    uint64_t short_serials;       /* of which magnitude under 8 octets */
    uint8_t first[CS_SERIAL_BYTES], varying[CS_SERIAL_BYTES];
    uint8_t prev[CS_SERIAL_BYTES];
    uint8_t prev_sha[32];
    uint64_t small_steps;         /* neighbours less than 2^16 apart */
    uint8_t seq_flags, flags;
    uint8_t seq_listed[CS_CORPUS_LISTED][32];
    uint8_t n_seq_listed;
    uint8_t low_listed[CS_CORPUS_LISTED][32];
    uint8_t n_low_listed;
    bool prev_listed;
} issuer_serials;

static void group_add(serial_group *g, const cs_serial_record *s)
{
    bool new_issuance = g->certs == 0 || memcmp(g->last_tbs, s->tbs, 32) != 0;
    if (!new_issuance && memcmp(g->last_sha, s->sha256, 32) == 0)
        return; /* the same certificate again */
    if (new_issuance) {
        g->n_iss++;
        g->cur_pre = g->cur_final = false;
    }
    issuance *is = g->n_iss <= CS_CORPUS_LISTED + 1 ? &g->iss[g->n_iss - 1] : NULL;
    if (s->flags & CS_REC_PRECERT) {
        if (!g->cur_pre) {
            g->cur_pre = true;
            g->with_pre++;
            if (is) {
                memcpy(is->pre_sha, s->sha256, 32);
                is->has_pre = true;
            }
        }
    } else if (!g->cur_final) {
        g->cur_final = true;
        g->with_final++;
        if (is) {
            memcpy(is->final_sha, s->sha256, 32);
            is->has_final = true;
        }
    }
    g->certs++;
    g->flags |= s->flags;
    memcpy(g->last_tbs, s->tbs, 32);
    memcpy(g->last_sha, s->sha256, 32);
}

static void group_end(results_builder *b, serial_group *g)
{
    if (g->certs < 2 || g->n_iss < 2)
        return;
    if (g->with_final >= 2 || g->with_pre >= 2) {
        cs_corpus_finding *f = add_finding(b, CS_CORPUS_SERIAL_DUPLICATE, g->first.issuer, g->flags);
        if (!f)
            return;
        f->n_certs = g->certs;
        for (size_t i = 0; i < g->n_iss && i <= CS_CORPUS_LISTED; i++)
            list_cert(f, g->iss[i].has_final ? g->iss[i].final_sha : g->iss[i].pre_sha);
        snprintf(f->detail, sizeof f->detail, "serial number shared by %llu different issuances (%zu with a final "
                 "certificate, %zu with a precertificate)", (unsigned long long)g->n_iss, g->with_final, g->with_pre);
    } else if (g->with_final == 1 && g->with_pre == 1) {
        cs_corpus_finding *f = add_finding(b, CS_CORPUS_PRECERT_MISMATCH, g->first.issuer, g->flags);
        if (!f)
            return;
        f->n_certs = g->certs;
        for (size_t i = 0; i < g->n_iss; i++)
            if (g->iss[i].has_final)
                list_cert(f, g->iss[i].final_sha);
        for (size_t i = 0; i < g->n_iss; i++)
            if (g->iss[i].has_pre)
                list_cert(f, g->iss[i].pre_sha);
        snprintf(f->detail, sizeof f->detail, "the final certificate (first) differs from its precertificate "
                 "(second) beyond the poison and SCT list extensions");
    }
}

static bool serial_in_force(const cs_serial_record *s)
{
    int64_t nb = not_before(s);
    if (s->serial_flags & (CS_SERIAL_HASHED | CS_SERIAL_NEGATIVE) || nb == INT64_MIN)
        return false;
    if (s->flags & CS_REC_SMIME && nb >= SMIME_SERIAL_RULES)
        return true;
    return !(s->flags & CS_REC_SMIME) && nb >= TLS_SERIAL_RULES;
}

/* One distinct serial of the issuer (its group's first record). */
static void issuer_add_serial(issuer_serials *is, const serial_group *g)
{
    const cs_serial_record *s = &g->first;
    if (!serial_in_force(s))
        return;
    is->flags |= g->flags;
    if (is->serials == 0) {
        memcpy(is->first, s->serial, CS_SERIAL_BYTES);
    } else {
        for (int i = 0; i < CS_SERIAL_BYTES; i++)
            is->varying[i] |= (uint8_t)(s->serial[i] ^ is->first[i]);
        /* s > prev (sorted, distinct): is s - prev below 2^16? */
        uint8_t diff[CS_SERIAL_BYTES];
        int borrow = 0;
        for (int i = CS_SERIAL_BYTES - 1; i >= 0; i--) {
            int d = s->serial[i] - is->prev[i] - borrow;
            borrow = d < 0;
            diff[i] = (uint8_t)(d + (borrow ? 256 : 0));
        }
        bool small = true;
        for (int i = 0; i < CS_SERIAL_BYTES - SEQUENTIAL_STEP_BYTES && small; i++)
            small = diff[i] == 0;
        if (small) {
            is->small_steps++;
            is->seq_flags |= g->flags;
            if (!is->prev_listed && is->n_seq_listed < CS_CORPUS_LISTED)
                memcpy(is->seq_listed[is->n_seq_listed++], is->prev_sha, 32);
            if (is->n_seq_listed < CS_CORPUS_LISTED)
                memcpy(is->seq_listed[is->n_seq_listed++], s->sha256, 32);
        }
        is->prev_listed = small;
    }
    if (s->serial_len < 8)
        is->short_serials++;
    if (is->n_low_listed < CS_CORPUS_LISTED)
        memcpy(is->low_listed[is->n_low_listed++], s->sha256, 32);
    memcpy(is->prev, s->serial, CS_SERIAL_BYTES);
    memcpy(is->prev_sha, s->sha256, 32);
    is->serials++;
}

static void issuer_end(results_builder *b, issuer_serials *is)
{
    if (is->small_steps >= SEQUENTIAL_MIN_STEPS) {
        cs_corpus_finding *f = add_finding(b, CS_CORPUS_SERIAL_SEQUENTIAL, is->issuer, is->seq_flags);
        if (f) {
            f->n_certs = is->n_seq_listed;
            for (uint8_t i = 0; i < is->n_seq_listed; i++)
                list_cert(f, is->seq_listed[i]);
            snprintf(f->detail, sizeof f->detail, "%llu of the issuer's %llu serials follow the previous one (in "
                     "numeric order) by less than 2^16", (unsigned long long)is->small_steps,
                     (unsigned long long)is->serials);
        }
    }
    if (is->serials < ENTROPY_MIN_SERIALS)
        return;
    unsigned varying = 0;
    for (int i = 0; i < CS_SERIAL_BYTES; i++)
        varying += (unsigned)__builtin_popcount(is->varying[i]);
    bool few_bits = varying < 64, mostly_short = is->short_serials * 2 > is->serials;
    if (!few_bits && !mostly_short)
        return;
    cs_corpus_finding *f = add_finding(b, CS_CORPUS_SERIAL_LOW_ENTROPY, is->issuer, is->flags);
    if (!f)
        return;
    f->n_certs = is->serials;
    for (uint8_t i = 0; i < is->n_low_listed; i++)
        list_cert(f, is->low_listed[i]);
    if (few_bits)
        snprintf(f->detail, sizeof f->detail, "only %u bit positions vary among the issuer's %llu serials "
                 "(at least 64 random bits required)", varying, (unsigned long long)is->serials);
    else
        snprintf(f->detail, sizeof f->detail, "%llu of the issuer's %llu serials are shorter than 8 octets, "
                 "too short for 64 random bits", (unsigned long long)is->short_serials,
                 (unsigned long long)is->serials);
}

static bool evaluate_serials(cs_corpus *c, results_builder *b)
{
    cs_extsort_iter *it = cs_extsort_iter_new(c->serials);
    serial_group *g = calloc(1, sizeof *g);
    issuer_serials *is = calloc(1, sizeof *is);
    if (!it || !g || !is) {
        free(g);
        free(is);
        cs_extsort_iter_free(it);
        return false;
    }
    const uint8_t *p;
    bool any = false;
    while ((p = cs_extsort_next(it))) {
        const cs_serial_record *s = (const cs_serial_record *)(const void *)p;
        bool same_issuer = any && memcmp(g->first.issuer, s->issuer, 32) == 0;
        bool same_serial = same_issuer && memcmp(g->first.serial, s->serial, CS_SERIAL_BYTES + 1) == 0;
        if (!same_serial && any) {
            group_end(b, g);
            issuer_add_serial(is, g);
        }
        if (!same_issuer && any)
            issuer_end(b, is);
        if (!same_issuer) {
            memset(is, 0, sizeof *is);
            memcpy(is->issuer, s->issuer, 32);
        }
        if (!same_serial) {
            memset(g, 0, sizeof *g);
            g->first = *s;
        }
        group_add(g, s);
        any = true;
    }
    if (any) {
        group_end(b, g);
        issuer_add_serial(is, g);
        issuer_end(b, is);
    }
    bool ok = !cs_extsort_iter_failed(it);
    cs_extsort_iter_free(it);
    free(g);
    free(is);
    return ok;
}

/* ---- keys ------------------------------------------------------------ */

typedef struct key_entry {
    cs_key_record rec;
    size_t parent;            /* union-find */
} key_entry;

static size_t find_root(key_entry *e, size_t i)
{
    while (e[i].parent != i)
        i = e[i].parent = e[e[i].parent].parent;
    return i;
}

static void unite(key_entry *e, size_t a, size_t b)
{
    a = find_root(e, a);
    b = find_root(e, b);
    if (a != b)
        e[a > b ? a : b].parent = a < b ? a : b; /* the smaller index (smaller SHA-256) is the root */
}

typedef struct by_field {
    uint64_t value;
    size_t index;
} by_field;

static int cmp_by_field(const void *a, const void *b)
{
    const by_field *x = a, *y = b;
    return x->value != y->value ? (x->value < y->value ? -1 : 1) : (x->index > y->index) - (x->index < y->index);
}

static uint64_t get64(const uint8_t p[8])
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* Joins the entries that share a non-zero value of a field. */
static void unite_equal(key_entry *e, size_t n, by_field *tmp, size_t offset)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = get64((const uint8_t *)&e[i].rec + offset);
        if (v)
            tmp[m++] = (by_field){ v, i };
    }
    qsort(tmp, m, sizeof *tmp, cmp_by_field);
    for (size_t i = 1; i < m; i++)
        if (tmp[i].value == tmp[i - 1].value)
            unite(e, tmp[i].index, tmp[i - 1].index);
}

static void key_group_end(results_builder *b, key_entry *e, size_t n, uint64_t total, by_field *tmp)
{
    if (total < 2)
        return;
    uint8_t flags = 0;
    size_t first_ca = n, first_sub = n;
    for (size_t i = 0; i < n; i++) {
        flags |= e[i].rec.flags;
        if (e[i].rec.flags & CS_REC_CA) {
            if (first_ca == n)
                first_ca = i;
        } else if (first_sub == n) {
            first_sub = i;
        }
    }
    if (first_ca < n && first_sub < n) {
        cs_corpus_finding *f = add_finding(b, CS_CORPUS_CA_KEY_REUSE, e[first_sub].rec.issuer, flags);
        if (f) {
            f->n_certs = total;
            for (size_t i = 0; i < n; i++) /* the CA certificates first */
                if (e[i].rec.flags & CS_REC_CA)
                    list_cert(f, e[i].rec.sha256);
            for (size_t i = 0; i < n; i++)
                if (!(e[i].rec.flags & CS_REC_CA))
                    list_cert(f, e[i].rec.sha256);
            snprintf(f->detail, sizeof f->detail, "a subscriber certificate has the key of a CA certificate "
                     "(%llu certificates with this key)", (unsigned long long)total);
        }
    }
    /* Subjects among the subscriber certificates only: a CA's key under
     * several names is a rebranding or a cross-certificate, not reuse. */
    size_t m = 0, stored = n;
    for (size_t i = 0; i < n; i++)
        if (!(e[i].rec.flags & CS_REC_CA))
            e[m++] = e[i];
    n = m;
    for (size_t i = 0; i < n; i++)
        e[i].parent = i;
    unite_equal(e, n, tmp, offsetof(cs_key_record, org));
    unite_equal(e, n, tmp, offsetof(cs_key_record, subject));
    size_t first_with_bit[64];
    for (int k = 0; k < 64; k++)
        first_with_bit[k] = n;
    for (size_t i = 0; i < n; i++) {
        uint64_t bits = get64(e[i].rec.names);
        for (int k = 0; k < 64; k++)
            if (bits >> k & 1) {
                if (first_with_bit[k] == n)
                    first_with_bit[k] = i;
                else
                    unite(e, i, first_with_bit[k]);
            }
    }
    size_t subjects = 0;
    for (size_t i = 0; i < n; i++)
        subjects += find_root(e, i) == i;
    if (subjects < 2)
        return;
    cs_corpus_finding *f = add_finding(b, CS_CORPUS_KEY_REUSE, e[0].rec.issuer, flags);
    if (!f)
        return;
    f->n_certs = total;
    for (size_t i = 0; i < n; i++)
        if (find_root(e, i) == i)
            list_cert(f, e[i].rec.sha256);
    snprintf(f->detail, sizeof f->detail, "one key in %llu certificates of %zu unrelated subjects (one "
             "certificate of each listed)%s", (unsigned long long)total, subjects,
             total > stored ? " (subjects judged on the first 4096)" : "");
}

static bool evaluate_keys(cs_corpus *c, results_builder *b)
{
    cs_extsort_iter *it = cs_extsort_iter_new(c->keys);
    key_entry *e = malloc(KEY_GROUP_MAX * sizeof *e);
    by_field *tmp = malloc(KEY_GROUP_MAX * sizeof *tmp);
    bool ok = it && e && tmp;
    size_t n = 0;
    uint64_t total = 0;
    uint8_t last_sha[32];
    const uint8_t *p;
    while (ok && (p = cs_extsort_next(it))) {
        const cs_key_record *k = (const cs_key_record *)(const void *)p;
        if (total && memcmp(e[0].rec.key, k->key, 32) != 0) {
            key_group_end(b, e, n, total, tmp);
            n = 0;
            total = 0;
        }
        if (total && memcmp(last_sha, k->sha256, 32) == 0)
            continue; /* the same certificate again */
        memcpy(last_sha, k->sha256, 32);
        total++;
        if (n < KEY_GROUP_MAX)
            e[n++].rec = *k;
    }
    if (ok && total)
        key_group_end(b, e, n, total, tmp);
    ok = ok && !cs_extsort_iter_failed(it);
    cs_extsort_iter_free(it);
    free(e);
    free(tmp);
    return ok;
}

/* ---- shared primes --------------------------------------------------- */

typedef struct prime_hit {
    const uint8_t *factor;
    size_t factor_len;
    uint8_t key[32];          /* key hash of the modulus */
    size_t finding;           /* index of its factor's finding, SIZE_MAX when not kept */
} prime_hit;

static int cmp_factor(const prime_hit *a, const prime_hit *b)
{
    if (a->factor_len != b->factor_len)
        return a->factor_len < b->factor_len ? -1 : 1;
    return memcmp(a->factor, b->factor, a->factor_len);
}

static int cmp_hit_factor(const void *x, const void *y)
{
    int c = cmp_factor(x, y);
    return c ? c : memcmp(((const prime_hit *)x)->key, ((const prime_hit *)y)->key, 32);
}

static int cmp_hit_key(const void *x, const void *y)
{
    const prime_hit *a = x, *b = y;
    int c = memcmp(a->key, b->key, 32);
    return c ? c : (a->finding > b->finding) - (a->finding < b->finding);
}

/* The distinct moduli, written to an unlinked temporary file and mapped:
 * *spans point into *map (munmap(*map, *map_len) when done). */
static bool distinct_moduli(cs_corpus *c, cs_span **spans, size_t *n, void **map, size_t *map_len)
{
    *spans = NULL;
    *n = 0;
    *map = NULL;
    *map_len = 0;
    FILE *tmp = tmpfile();
    cs_extsort_iter *it = cs_extsort_iter_new(c->moduli);
    size_t cap = 0, *offset = NULL, *length = NULL, total = 0;
    bool ok = tmp && it;
    const uint8_t *p;
    cs_modulus_record prev;
    while (ok && (p = cs_extsort_next(it))) {
        const cs_modulus_record *m = (const cs_modulus_record *)(const void *)p;
        if (*n && memcmp(&prev, m, sizeof prev) == 0)
            continue;
        prev = *m;
        size_t len = (size_t)m->len[0] << 8 | m->len[1];
        if (*n == cap) {
            cap = cap ? 2 * cap : 1024;
            size_t *o = realloc(offset, cap * sizeof *o), *l = o ? realloc(length, cap * sizeof *l) : NULL;
            if (o)
                offset = o;
            if (l)
                length = l;
            if (!o || !l) {
                ok = false;
                break;
            }
        }
        offset[*n] = total;
        length[*n] = len;
        (*n)++;
        total += len;
        ok = fwrite(m->n, 1, len, tmp) == len;
    }
    ok = ok && !cs_extsort_iter_failed(it) && fflush(tmp) == 0;
    cs_extsort_iter_free(it);
    if (ok && total) {
        *map = mmap(NULL, total, PROT_READ, MAP_PRIVATE, fileno(tmp), 0);
        ok = *map != MAP_FAILED;
        if (!ok)
            *map = NULL;
        else
            *map_len = total;
    }
    if (ok && *n && !(*spans = malloc(*n * sizeof **spans)))
        ok = false;
    for (size_t i = 0; ok && i < *n; i++)
        (*spans)[i] = (cs_span){ (const uint8_t *)*map + offset[i], length[i] };
    if (tmp)
        fclose(tmp); /* the mapping stays valid */
    free(offset);
    free(length);
    if (!ok) {
        free(*spans);
        *spans = NULL;
        if (*map)
            munmap(*map, *map_len);
        *map = NULL;
    }
    return ok;
}

static bool evaluate_primes(cs_corpus *c, results_builder *b, char *err, size_t err_size)
{
    cs_span *moduli;
    size_t n;
    void *map;
    size_t map_len;
    if (!distinct_moduli(c, &moduli, &n, &map, &map_len)) {
        snprintf(err, err_size, "corpus findings: cannot list the RSA moduli: %s", strerror(errno ? errno : ENOMEM));
        return false;
    }
    b->r->moduli = n;
    cs_bgcd_result res;
    bool ok = true, have_res = false;
    if (n >= 2) {
        have_res = cs_batchgcd(moduli, n, NULL, &res) == 0;
        if (!have_res) {
            snprintf(err, err_size, "corpus findings: batch GCD: %s", strerror(errno));
            ok = false;
        }
    }
    prime_hit *hits = NULL;
    size_t n_hits = have_res ? res.n_hits : 0;
    if (n_hits && !(hits = calloc(n_hits, sizeof *hits)))
        ok = false;
    for (size_t i = 0; ok && i < n_hits; i++) {
        hits[i].factor = res.hits[i].factor;
        hits[i].factor_len = res.hits[i].factor_len;
        ok = cs_corpus_modulus_key(moduli[res.hits[i].index].p, moduli[res.hits[i].index].len, hits[i].key);
    }
    /* One finding per shared factor. */
    if (ok && n_hits) {
        qsort(hits, n_hits, sizeof *hits, cmp_hit_factor);
        size_t moduli_of_factor = 0;
        for (size_t i = 0; i < n_hits; i++) {
            bool first = i == 0 || cmp_factor(&hits[i], &hits[i - 1]) != 0;
            if (first) {
                moduli_of_factor = 0;
                for (size_t j = i; j < n_hits && cmp_factor(&hits[j], &hits[i]) == 0; j++)
                    moduli_of_factor++;
                /* The issuer and scope come from the certificates, filled below. */
                cs_corpus_finding *f = add_finding(b, CS_CORPUS_SHARED_PRIME, (const uint8_t[32]){ 0 }, 0);
                hits[i].finding = f ? (size_t)(f - b->r->findings) : SIZE_MAX;
                if (f) {
                    char hex[17];
                    for (size_t k = 0; k < 8 && k < hits[i].factor_len; k++)
                        snprintf(hex + 2 * k, 3, "%02x", hits[i].factor[k]);
                    snprintf(f->detail, sizeof f->detail, "%zu RSA moduli share the %zu-bit prime factor "
                             "0x%s...; the private keys can be computed", moduli_of_factor,
                             hits[i].factor_len * 8, hex);
                    f->source = CS_SOURCE_TLS;
                }
            } else {
                hits[i].finding = hits[i - 1].finding;
            }
        }
        /* The certificates of each modulus, from the key records. */
        qsort(hits, n_hits, sizeof *hits, cmp_hit_key);
        cs_extsort_iter *it = cs_extsort_iter_new(c->keys);
        size_t h = 0;
        const uint8_t *p;
        while (it && h < n_hits && (p = cs_extsort_next(it))) {
            const cs_key_record *k = (const cs_key_record *)(const void *)p;
            while (h < n_hits && memcmp(hits[h].key, k->key, 32) < 0)
                h++;
            for (size_t j = h; j < n_hits && memcmp(hits[j].key, k->key, 32) == 0; j++) {
                if (hits[j].finding == SIZE_MAX)
                    continue;
                cs_corpus_finding *f = &b->r->findings[hits[j].finding];
                if (f->n_certs == 0)
                    memcpy(f->issuer, k->issuer, 32);
                if (k->flags & CS_REC_SMIME)
                    f->source = CS_SOURCE_SMIME;
                bool listed = false;
                for (uint8_t x = 0; x < f->n_listed && !listed; x++)
                    listed = memcmp(f->certs[x], k->sha256, 32) == 0;
                if (!listed) {
                    f->n_certs++;
                    list_cert(f, k->sha256);
                }
            }
        }
        ok = it && !cs_extsort_iter_failed(it);
        cs_extsort_iter_free(it);
    }
    free(hits);
    if (have_res)
        cs_bgcd_result_free(&res);
    free(moduli);
    if (map)
        munmap(map, map_len);
    if (!ok && !*err)
        snprintf(err, err_size, "corpus findings: out of memory or temporary file error");
    return ok;
}

/* ---- all of them ----------------------------------------------------- */

static int cmp_findings(const void *x, const void *y)
{
    const cs_corpus_finding *a = x, *b = y;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = memcmp(a->issuer, b->issuer, 32);
    if (c)
        return c;
    if (a->n_listed && b->n_listed && (c = memcmp(a->certs[0], b->certs[0], 32)))
        return c;
    return strcmp(a->detail, b->detail);
}

bool cs_corpus_evaluate(cs_corpus *c, cs_corpus_results *r, char *err, size_t err_size)
{
    results_builder b = { r, 0, false };
    err[0] = '\0';
    if (!evaluate_serials(c, &b) || !evaluate_keys(c, &b) || b.oom) {
        snprintf(err, err_size, "corpus findings: out of memory or temporary file error");
        return false;
    }
    if (c->shared_primes && (!evaluate_primes(c, &b, err, err_size) || b.oom)) {
        if (!*err)
            snprintf(err, err_size, "corpus findings: out of memory");
        return false;
    }
    if (r->n)
        qsort(r->findings, r->n, sizeof *r->findings, cmp_findings);
    return true;
}
