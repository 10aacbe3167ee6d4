/* The corpus records of a certificate; see record.h.  Per certificate:
 * three SHA-256s (issuer identity, TBS fingerprint, key) over a kilobyte
 * or so, and a few 64-bit FNV hashes of short names. */
#include "corpus/record.h"

#include <string.h>
#include <openssl/evp.h>

#include "agg/tally.h"
#include "lint/psl.h"
#include "x509/digest.h"

static uint64_t fnv_lower(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b = p[i] >= 'A' && p[i] <= 'Z' ? (uint8_t)(p[i] + 32) : p[i];
        h = (h ^ b) * 1099511628211ull;
    }
    return h;
}

#define FNV_BASIS 1469598103934665603ull

static void put64(uint8_t out[8], uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(v >> (56 - 8 * i));
}

/* The registrable domain of a DNS name: the shortest suffix that is not a
 * public suffix (the name itself when every suffix is one). */
static cs_span registrable(cs_span name)
{
    if (name.len >= 2 && name.p[0] == '*' && name.p[1] == '.') {
        name.p += 2;
        name.len -= 2;
    }
    while (name.len && name.p[name.len - 1] == '.')
        name.len--;
    size_t start = name.len;
    while (start > 0) {
        size_t dot = start - 1;
        while (dot > 0 && name.p[dot - 1] != '.')
            dot--;
        cs_span suffix = { name.p + dot, name.len - dot };
        start = dot > 0 ? dot - 1 : 0;
        if (!cs_psl_is_public_suffix(suffix, false) || dot == 0)
            return suffix;
    }
    return name;
}

#define NAMES_HASHED 8 /* SAN entries looked at for the subject identity (a public suffix lookup each) */

static uint64_t name_bit(cs_span s) { return 1ull << (fnv_lower(FNV_BASIS, s.p, s.len) % 64); }

static uint64_t subject_names(const cs_cert *c)
{
    uint64_t bits = 0;
    unsigned seen = 0;
    for (uint16_t i = 0; c->san.present && i < c->san.names.n && seen < NAMES_HASHED; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DNS) {
            bits |= name_bit(registrable(g->value));
            seen++;
        } else if (g->type == CS_GN_RFC822) {
            bits |= name_bit(g->value); /* a mailbox is its own subject: not its provider's domain */
            seen++;
        }
    }
    if (!seen) {
        const cs_attr *cn = cs_name_find(&c->subject, CS_OID_AT_COMMON_NAME);
        if (cn && cn->value.len)
            bits |= name_bit(memchr(cn->value.p, '.', cn->value.len) ? registrable(cn->value) : cn->value);
    }
    return bits;
}

static uint8_t scope_flags(const cs_cert *c)
{
    uint8_t f = 0;
    if (c->is_precert)
        f |= CS_REC_PRECERT;
    /* A self-issued certificate without basicConstraints is an old root
     * (v1, or v3 before roots carried it); one with cA FALSE is not a CA. */
    if (c->is_ca || (c->is_self_issued && !c->bc.present))
        f |= CS_REC_CA;
    if (c->smime.subscriber || c->smime.issuing_ca)
        f |= CS_REC_SMIME;
    if (c->tls.subscriber || c->has_eku_server_auth || c->is_precert)
        f |= CS_REC_TLS;
    return f;
}

static bool excluded_ext(const cs_ext *e)
{
    return e->id == CS_OID_EXT_CT_POISON || e->id == CS_OID_EXT_CT_SCT_LIST ||
           e->id == CS_OID_EXT_AUTHORITY_KEY_IDENTIFIER;
}

/* The fields a precertificate and its final certificate share (RFC 6962
 * 3.1): the TBSCertificate without its header, the issuer name (which a
 * Precertificate Signing CA changes; it is in the record's issuer) and the
 * AKI, poison and SCT list extensions.  Unique identifiers between the key
 * and the extensions of a v3 certificate are left out too. */
static bool tbs_fingerprint(const cs_cert *c, EVP_MD_CTX *ctx, uint8_t out[32])
{
    const uint8_t *tbs = c->tbs.p, *end = c->tbs.p + c->tbs.len;
    if (c->tbs.len < 2)
        return false;
    size_t hdr = tbs[1] < 0x80 ? 2 : 2 + (size_t)(tbs[1] & 0x7f);
    const uint8_t *issuer = c->issuer.der.p, *issuer_end = issuer + c->issuer.der.len;
    const uint8_t *key_end = c->spki.der.p + c->spki.der.len;
    if (hdr > c->tbs.len || issuer < tbs + hdr || issuer_end > key_end || key_end > end)
        return false;
    unsigned int n = 0;
    bool ok = EVP_DigestInit_ex(ctx, cs_digest_md(CS_DIGEST_SHA256), NULL) &&
              EVP_DigestUpdate(ctx, tbs + hdr, (size_t)(issuer - (tbs + hdr))) &&
              EVP_DigestUpdate(ctx, issuer_end, (size_t)(key_end - issuer_end));
    if (ok && !c->has_extensions)
        ok = EVP_DigestUpdate(ctx, key_end, (size_t)(end - key_end));
    /* Runs of adjacent extensions in one update each: the same octets. */
    const uint8_t *run = NULL, *run_end = NULL;
    for (uint16_t i = 0; ok && i < c->n_exts; i++) {
        const cs_ext *e = &c->exts[i];
        if (excluded_ext(e))
            continue;
        if (run && e->der.p == run_end) {
            run_end += e->der.len;
            continue;
        }
        if (run)
            ok = EVP_DigestUpdate(ctx, run, (size_t)(run_end - run));
        run = e->der.p;
        run_end = e->der.p + e->der.len;
    }
    if (ok && run)
        ok = EVP_DigestUpdate(ctx, run, (size_t)(run_end - run));
    return ok && EVP_DigestFinal_ex(ctx, out, &n) && n == 32;
}

static void serial_value(const cs_cert *c, cs_serial_record *sr)
{
    cs_span s = c->serial;
    while (s.len > 1 && s.p[0] == 0) {
        s.p++;
        s.len--;
    }
    memset(sr->serial, 0, sizeof sr->serial);
    sr->serial_flags = c->serial_negative ? CS_SERIAL_NEGATIVE : 0;
    if (s.len > CS_SERIAL_BYTES) {
        cs_digest(CS_DIGEST_SHA256, s.p, s.len, sr->serial);
        sr->serial_flags |= CS_SERIAL_HASHED;
        sr->serial_len = 255;
    } else {
        memcpy(sr->serial + CS_SERIAL_BYTES - s.len, s.p, s.len);
        sr->serial_len = (uint8_t)(s.len == 1 && s.p[0] == 0 ? 0 : s.len);
    }
}

/* The modulus without leading zero octets; empty for other keys. */
static cs_span modulus(const cs_cert *c)
{
    return cs_span_skip_zeros(c->spki.type == CS_KEY_RSA ? c->spki.rsa_modulus : (cs_span){ NULL, 0 });
}

bool cs_corpus_modulus_key(const uint8_t *n, size_t len, uint8_t key[32])
{
    return cs_digest(CS_DIGEST_SHA256, n, len, key) == 32;
}

bool cs_corpus_records_issuer(const cs_cert *c, const uint8_t issuer[32], cs_serial_record *sr,
                              cs_key_record *kr)
{
    memcpy(kr->issuer, issuer, 32);
    /* Behind a Precertificate Signing CA, the issuance is the real CA's. */
    const cs_cert *signer = c->issuer_cert;
    if (c->is_precert && signer && cs_cert_has_eku(signer, CS_OID_KP_CT_PRECERT_SIGNING))
        return cs_tally_issuer_key(signer, sr->issuer);
    memcpy(sr->issuer, issuer, 32);
    return true;
}

bool cs_corpus_serial_record(const cs_cert *c, EVP_MD_CTX *md, cs_serial_record *sr)
{
    memset(sr, 0, sizeof *sr);
    if (!tbs_fingerprint(c, md, sr->tbs))
        return false;
    serial_value(c, sr);
    memcpy(sr->sha256, c->sha256, 32);
    sr->flags = scope_flags(c);
    if (c->not_before.valid)
        put64(sr->not_before, (uint64_t)c->not_before.t ^ (1ull << 63));
    return true;
}

bool cs_corpus_key_record(const cs_cert *c, cs_key_record *kr)
{
    memset(kr, 0, sizeof *kr);
    cs_span m = modulus(c);
    bool ok = m.len ? cs_corpus_modulus_key(m.p, m.len, kr->key)
                    : cs_digest(CS_DIGEST_SHA256, c->spki.der.p, c->spki.der.len, kr->key) == 32;
    if (!ok)
        return false;
    memcpy(kr->sha256, c->sha256, 32);
    const cs_attr *o = cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION);
    if (o && o->value.len) {
        uint64_t h = fnv_lower(FNV_BASIS, o->value.p, o->value.len);
        put64(kr->org, h ? h : 1);
    }
    put64(kr->subject, fnv_lower(FNV_BASIS, c->subject.der.p, c->subject.der.len));
    put64(kr->names, subject_names(c));
    kr->flags = scope_flags(c);
    return true;
}

bool cs_corpus_modulus_fits(const cs_cert *c)
{
    cs_span m = modulus(c);
    return m.len && m.len <= CS_MODULUS_MAX;
}

bool cs_corpus_modulus(const cs_cert *c, cs_modulus_record *mr)
{
    if (!cs_corpus_modulus_fits(c))
        return false;
    cs_span m = modulus(c);
    memset(mr, 0, sizeof *mr);
    mr->len[0] = (uint8_t)(m.len >> 8);
    mr->len[1] = (uint8_t)m.len;
    memcpy(mr->n, m.p, m.len);
    return true;
}
