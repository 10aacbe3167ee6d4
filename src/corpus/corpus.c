/* The corpus collector: records in, sorted records out; the state file
 * section.  See corpus.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "agg/tally.h"
#include "corpus/corpus_int.h"

#define SECTION_VERSION 1u

/* cs_corpus_begin and _end build records in the sorters' buffers, at any offset. */
_Static_assert(_Alignof(cs_serial_record) == 1 && _Alignof(cs_key_record) == 1, "records of octets only");

cs_corpus *cs_corpus_new(size_t memory_limit) { return cs_corpus_new_ex(memory_limit, true); }

cs_corpus *cs_corpus_new_ex(size_t memory_limit, bool rsa_moduli)
{
    size_t m = memory_limit ? memory_limit : CS_CORPUS_MEMORY;
    cs_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    /* Serial and key records come with every certificate, moduli with RSA
     * ones; without moduli the other two share the whole bound. */
    size_t share = rsa_moduli ? m / 3 : m / 2;
    c->rsa_moduli = rsa_moduli;
    c->serials = cs_extsort_new(sizeof(cs_serial_record), share);
    c->keys = cs_extsort_new(sizeof(cs_key_record), share);
    c->moduli = cs_extsort_new(sizeof(cs_modulus_record), share);
    c->md = EVP_MD_CTX_new();
    if (!c->serials || !c->keys || !c->moduli || !c->md) {
        cs_corpus_free(c);
        return NULL;
    }
    return c;
}

void cs_corpus_free(cs_corpus *c)
{
    if (!c)
        return;
    cs_extsort_free(c->serials);
    cs_extsort_free(c->keys);
    cs_extsort_free(c->moduli);
    EVP_MD_CTX_free(c->md);
    if (c->results)
        free(c->results->findings);
    free(c->results);
    free(c);
}

bool cs_corpus_begin(cs_corpus *c, const cs_cert *cert)
{
    if (cert->tbs_only)
        return true;
    /* The records are built where the sorters keep them: the serial
     * record (the TBS fingerprint) here, the key record with the end. */
    c->pending_serial = cs_extsort_reserve(c->serials);
    return c->pending_serial && cs_corpus_serial_record(cert, c->md, c->pending_serial);
}

bool cs_corpus_end(cs_corpus *c, const cs_cert *cert, const uint8_t issuer[32])
{
    if (cert->tbs_only)
        return true;
    cs_key_record *kr = cs_extsort_reserve(c->keys);
    if (!kr || !cs_corpus_key_record(cert, kr) || !cs_corpus_records_issuer(cert, issuer, c->pending_serial, kr))
        return false;
    cs_extsort_commit(c->serials);
    cs_extsort_commit(c->keys);
    /* The modulus record (half a kilobyte) is made only when kept. */
    cs_modulus_record mr;
    if (c->rsa_moduli ? cs_corpus_modulus(cert, &mr) : cs_corpus_modulus_fits(cert)) {
        if (c->rsa_moduli && !cs_extsort_add(c->moduli, &mr))
            return false;
    } else if (cert->spki.type == CS_KEY_RSA && cert->spki.rsa_modulus.len > CS_MODULUS_MAX) {
        c->moduli_skipped++;
    }
    c->certificates++;
    return true;
}

bool cs_corpus_add(cs_corpus *c, const cs_cert *cert, const uint8_t issuer[32])
{
    uint8_t own[32];
    if (!cert->tbs_only && !issuer && !cs_tally_issuer_key(cert, own))
        return false;
    return cs_corpus_begin(c, cert) && cs_corpus_end(c, cert, issuer ? issuer : own);
}

bool cs_corpus_merge(cs_corpus *into, cs_corpus *from)
{
    if (!from) {
        into->incomplete = true;
        return true;
    }
    into->incomplete = into->incomplete || from->incomplete;
    into->shared_primes = into->shared_primes || from->shared_primes;
    into->rsa_moduli = into->rsa_moduli && from->rsa_moduli;
    into->moduli_skipped += from->moduli_skipped;
    if (into->certificates == 0 && cs_extsort_count(into->serials) == 0 && cs_extsort_count(into->keys) == 0 &&
        cs_extsort_count(into->moduli) == 0) {
        /* Into an empty collector (the scan's, from its first worker): take
         * the records over instead of copying them; `from` gets the empty
         * sorters and counts nothing. */
        cs_extsort *t;
        t = into->serials, into->serials = from->serials, from->serials = t;
        t = into->keys, into->keys = from->keys, from->keys = t;
        t = into->moduli, into->moduli = from->moduli, from->moduli = t;
        into->certificates = from->certificates;
        from->certificates = 0;
        from->moduli_skipped = 0;
        return true;
    }
    into->certificates += from->certificates;
    return cs_extsort_add_all(into->serials, from->serials) && cs_extsort_add_all(into->keys, from->keys) &&
           cs_extsort_add_all(into->moduli, from->moduli);
}

uint64_t cs_corpus_certificates(const cs_corpus *c) { return c->certificates; }

void cs_corpus_set_shared_primes(cs_corpus *c, bool on) { c->shared_primes = on; }

bool cs_corpus_finish(cs_corpus *c, char *err, size_t err_size)
{
    if (c->results)
        return true;
    cs_corpus_results *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, err_size, "corpus findings: out of memory");
        return false;
    }
    r->certificates = c->certificates;
    r->moduli_skipped = c->moduli_skipped;
    r->incomplete = c->incomplete;
    r->shared_primes = c->shared_primes && !c->incomplete;
    if (!c->incomplete && !cs_corpus_evaluate(c, r, err, err_size)) {
        free(r->findings);
        free(r);
        return false;
    }
    c->results = r;
    return true;
}

const cs_corpus_results *cs_corpus_get_results(const cs_corpus *c) { return c ? c->results : NULL; }

/* ---- state section ---------------------------------------------------- */

static void le(uint8_t *out, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t from_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Distinct records of a sorter, in order; -1 on a read error. */
static int64_t count_distinct(cs_extsort *s)
{
    cs_extsort_iter *it = cs_extsort_iter_new(s);
    if (!it)
        return -1;
    size_t size = cs_extsort_record_size(s);
    uint8_t *prev = malloc(size);
    int64_t n = 0;
    const uint8_t *r;
    while (prev && (r = cs_extsort_next(it))) {
        if (n == 0 || memcmp(prev, r, size) != 0)
            n++;
        memcpy(prev, r, size);
    }
    bool ok = prev && !cs_extsort_iter_failed(it);
    free(prev);
    cs_extsort_iter_free(it);
    return ok ? n : -1;
}

static bool write_records(cs_extsort *s, bool (*put)(void *, const void *, size_t), void *ctx)
{
    int64_t n = count_distinct(s);
    size_t size = cs_extsort_record_size(s);
    uint8_t head[12];
    le(head, size, 4);
    le(head + 4, (uint64_t)n, 8);
    if (n < 0 || !put(ctx, head, sizeof head))
        return false;
    cs_extsort_iter *it = cs_extsort_iter_new(s);
    uint8_t *prev = malloc(size);
    bool ok = it && prev, first = true;
    const uint8_t *r;
    while (ok && (r = cs_extsort_next(it))) {
        if (first || memcmp(prev, r, size) != 0)
            ok = put(ctx, r, size);
        memcpy(prev, r, size);
        first = false;
    }
    ok = ok && !cs_extsort_iter_failed(it);
    free(prev);
    cs_extsort_iter_free(it);
    return ok;
}

bool cs_corpus_write(cs_corpus *c, bool (*put)(void *ctx, const void *p, size_t n), void *ctx)
{
    uint8_t head[21];
    le(head, SECTION_VERSION, 4);
    head[4] = (uint8_t)(c->incomplete | c->shared_primes << 1);
    le(head + 5, c->certificates, 8);
    le(head + 13, c->moduli_skipped, 8);
    return put(ctx, head, sizeof head) && write_records(c->serials, put, ctx) &&
           write_records(c->keys, put, ctx) && write_records(c->moduli, put, ctx);
}

static size_t read_records(cs_extsort *s, const uint8_t *p, size_t n, uint64_t max, const char **why)
{
    size_t size = cs_extsort_record_size(s);
    if (n < 12) {
        *why = "truncated corpus section";
        return 0;
    }
    uint64_t count = from_le(p + 4, 8);
    if (from_le(p, 4) != size) {
        *why = "corpus records of another size";
        return 0;
    }
    if (count > max || count > (n - 12) / size) {
        *why = "impossible corpus record count";
        return 0;
    }
    const uint8_t *r = p + 12;
    for (uint64_t i = 0; i < count; i++, r += size) {
        if (i && memcmp(r - size, r, size) >= 0) {
            *why = "corpus records out of order";
            return 0;
        }
        if (!cs_extsort_add(s, r)) {
            *why = "out of memory";
            return 0;
        }
    }
    return 12 + (size_t)count * size;
}

size_t cs_corpus_read(cs_corpus *c, const uint8_t *p, size_t n, const char **why)
{
    if (n < 21) {
        *why = "truncated corpus section";
        return 0;
    }
    if (from_le(p, 4) != SECTION_VERSION || p[4] > 3) {
        *why = "unknown corpus section version";
        return 0;
    }
    c->incomplete = p[4] & 1;
    c->shared_primes = p[4] & 2;
    c->certificates = from_le(p + 5, 8);
    c->moduli_skipped = from_le(p + 13, 8);
    size_t at = 21, got;
    cs_extsort *parts[3] = { c->serials, c->keys, c->moduli };
    for (int i = 0; i < 3; i++) {
        if (!(got = read_records(parts[i], p + at, n - at, c->certificates, why)))
            return 0;
        at += got;
    }
    if (c->moduli_skipped > c->certificates) {
        *why = "inconsistent corpus counts";
        return 0;
    }
    return at;
}
