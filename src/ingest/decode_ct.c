/* Certificate Transparency records, decoded in the workers:
 * - a get-entries entry object: base64 MerkleTreeLeaf (leaf_input) and
 *   base64 chain (extra_data), RFC 6962 §3.4 and §4.6;
 * - the same decoded by the log reader, which needed the leaf's bytes
 *   for its hash (CS_REC_CT_LEAF);
 * - a static-ct-api TileLeaf (binary).
 * Every length is checked against what is there: a leaf that lies about
 * its lengths is an error, not a read past the end. */
#include "ingest/decode.h"
#include "ingest/json.h"
#include "ingest/tile_leaf.h"

#include <stdio.h>

static uint32_t u24(const uint8_t *p) { return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]; }
static uint32_t u16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint64_t u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* certificate_chain<0..2^24-1> of ASN.1Cert at p[0,n), which must fill
 * it exactly; the first certificate is the issuer: the one that signed the
 * entry (for a precertificate, possibly a Precertificate Signing
 * Certificate, RFC 6962 3.1, whose name and key the precertificate then
 * carries). */
static bool chain(const uint8_t *p, size_t n, cs_decoded *out, const char *what, char *reason, size_t rs)
{
    if (n < 3 || u24(p) != n - 3) {
        snprintf(reason, rs, "%s: chain length %u does not match its %zu bytes", what, n < 3 ? 0 : u24(p),
                 n < 3 ? 0 : n - 3);
        return false;
    }
    for (size_t i = 3, k = 0; i < n; k++) {
        if (n - i < 3 || u24(p + i) == 0 || u24(p + i) > n - i - 3) {
            snprintf(reason, rs, "%s: chain certificate %zu overruns the chain", what, k);
            return false;
        }
        if (k == 0) {
            out->issuer_der = p + i + 3;
            out->issuer_len = u24(p + i);
        }
        i += 3 + u24(p + i);
    }
    return true;
}

/* Decodes the JSON string member `key` of the entry into s->buf+at. */
static bool field(const uint8_t *p, size_t n, const char *key, cs_decode_scratch *s, size_t at,
                  const uint8_t **dec, size_t *dlen, char *reason, size_t rs)
{
    size_t vs, ve;
    cs_json_status st = cs_json_get(p, n, key, &vs, &ve);
    if (st == CS_JSON_BAD) {
        snprintf(reason, rs, "CT entry is not a well-formed JSON object");
        return false;
    }
    if (st == CS_JSON_MORE) {
        snprintf(reason, rs, "CT entry has no \"%s\"", key);
        return false;
    }
    if (p[vs] != '"') {
        snprintf(reason, rs, "CT entry \"%s\" is %s, not a string", key, cs_json_type(p[vs]));
        return false;
    }
    if (!cs_scratch_reserve(s, at + (ve - vs))) {
        snprintf(reason, rs, "out of memory");
        return false;
    }
    size_t ulen, bad, olen;
    const uint8_t *str;
    const char *why;
    if (!cs_json_string(p, vs, ve, s->buf + at, &str, &ulen)) {
        snprintf(reason, rs, "CT entry \"%s\": bad JSON string escape", key);
        return false;
    }
    /* Possibly in place: base64 output never overtakes its input. */
    if (!cs_b64_decode(str, ulen, false, s->buf + at, &olen, &bad, &why)) {
        snprintf(reason, rs, "CT entry \"%s\": invalid base64: %s at character %zu", key, why, bad);
        return false;
    }
    *dec = s->buf + at;
    *dlen = olen;
    return true;
}

static bool ct_leaf(const uint8_t *leaf, size_t ll, const uint8_t *extra, size_t el, cs_decoded *out, char *reason,
                    size_t rs);

bool cs_decode_ct_entry(const uint8_t *p, size_t n, cs_decode_scratch *s, cs_decoded *out, char *reason,
                        size_t rs)
{
    const uint8_t *leaf, *extra;
    size_t ll, el;
    if (!field(p, n, "leaf_input", s, 0, &leaf, &ll, reason, rs))
        return false;
    /* extra_data goes after leaf_input's region (which is at most n bytes). */
    size_t at = n + 16;
    if (!field(p, n, "extra_data", s, at, &extra, &el, reason, rs))
        return false;
    leaf = s->buf; /* the scratch buffer may have moved */
    extra = s->buf + at;
    return ct_leaf(leaf, ll, extra, el, out, reason, rs);
}

bool cs_decode_ct_leaf(const uint8_t *p, size_t n, cs_decoded *out, char *reason, size_t rs)
{
    if (n < 4 || ((size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3]) > n - 4) {
        snprintf(reason, rs, "CT leaf record: leaf length overruns the record");
        return false;
    }
    size_t ll = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
    return ct_leaf(p + 4, ll, p + 4 + ll, n - 4 - ll, out, reason, rs);
}

/* The MerkleTreeLeaf and extra_data of an entry, decoded. */
static bool ct_leaf(const uint8_t *leaf, size_t ll, const uint8_t *extra, size_t el, cs_decoded *out, char *reason,
                    size_t rs)
{
    if (ll < 12 || leaf[0] != 0 || leaf[1] != 0) {
        snprintf(reason, rs, "leaf_input is not a v1 timestamped_entry MerkleTreeLeaf");
        return false;
    }
    out->ct_timestamp = (int64_t)(u64(leaf + 2) & INT64_MAX);
    uint32_t type = u16(leaf + 10);
    size_t i = 12;
    if (type == 0) {
        if (ll - i < 3 || u24(leaf + i) == 0 || u24(leaf + i) > ll - i - 3) {
            snprintf(reason, rs, "leaf_input: certificate length %u overruns the %zu-byte leaf",
                     ll - i < 3 ? 0 : u24(leaf + i), ll);
            return false;
        }
        out->der = leaf + i + 3;
        out->len = u24(leaf + i);
        i += 3 + out->len;
    } else if (type == 1) {
        if (ll - i < 35 || u24(leaf + i + 32) == 0 || u24(leaf + i + 32) > ll - i - 35) {
            snprintf(reason, rs, "leaf_input: TBSCertificate length overruns the %zu-byte leaf", ll);
            return false;
        }
        i += 35 + u24(leaf + i + 32);
        out->precert = true;
    } else {
        snprintf(reason, rs, "leaf_input: unknown entry type %u", type);
        return false;
    }
    if (ll - i < 2 || u16(leaf + i) != ll - i - 2) {
        snprintf(reason, rs, "leaf_input: extensions length does not match the %zu-byte leaf", ll);
        return false;
    }
    if (type == 0)
        return chain(extra, el, out, "extra_data", reason, rs);
    /* PrecertChainEntry: the signed precertificate, then the chain. */
    if (el < 3 || u24(extra) == 0 || u24(extra) > el - 3) {
        snprintf(reason, rs, "extra_data: pre_certificate length overruns the %zu-byte chain entry", el);
        return false;
    }
    out->der = extra + 3;
    out->len = u24(extra);
    return chain(extra + 3 + out->len, el - 3 - out->len, out, "extra_data", reason, rs);
}

bool cs_decode_tile_leaf(const uint8_t *p, size_t n, cs_decoded *out, char *reason, size_t rs)
{
    size_t i = 10;
    if (n < 10) {
        snprintf(reason, rs, "TileLeaf shorter than its header");
        return false;
    }
    out->ct_timestamp = (int64_t)(u64(p) & INT64_MAX);
    uint32_t type = u16(p + 8);
    if (type > 1) {
        snprintf(reason, rs, "TileLeaf: unknown entry type %u", type);
        return false;
    }
    if (type == 1)
        i += 32;
    if (n < i + 3 || u24(p + i) > n - i - 3) {
        snprintf(reason, rs, "TileLeaf: certificate length overruns the entry");
        return false;
    }
    const uint8_t *cert = p + i + 3;
    size_t clen = u24(p + i);
    i += 3 + clen;
    if (n < i + 2 || u16(p + i) > n - i - 2) {
        snprintf(reason, rs, "TileLeaf: extensions length overruns the entry");
        return false;
    }
    size_t eend = i + 2 + u16(p + i);
    for (size_t e = i + 2; e + 3 <= eend;) {
        uint32_t elen = u16(p + e + 1);
        if (elen > eend - e - 3)
            break;
        if (p[e] == 0 && elen == 5) {
            uint64_t v = 0;
            for (int k = 0; k < 5; k++)
                v = v << 8 | p[e + 3 + k];
            out->ct_index = (int64_t)v;
        }
        e += 3 + elen;
    }
    i = eend;
    if (type == 1) {
        if (n < i + 3 || u24(p + i) > n - i - 3) {
            snprintf(reason, rs, "TileLeaf: pre_certificate length overruns the entry");
            return false;
        }
        cert = p + i + 3;
        clen = u24(p + i);
        i += 3 + clen;
        out->precert = true;
    }
    if (n < i + 2 || u16(p + i) % 32 != 0 || u16(p + i) != n - i - 2) {
        snprintf(reason, rs, "TileLeaf: fingerprint chain length does not match the entry");
        return false;
    }
    if (clen == 0) {
        snprintf(reason, rs, "TileLeaf: empty certificate");
        return false;
    }
    out->der = cert;
    out->len = clen;
    return true;
}

bool cs_decode_tile_leaf_issuer(const uint8_t *p, size_t n, cs_decoded *out, char *reason, size_t rs)
{
    cs_tile_leaf leaf;
    const char *why = "truncated";
    if (cs_tile_leaf_scan(p, n, &leaf, &why) != CS_TILE_LEAF_OK) {
        snprintf(reason, rs, "TileLeaf: %s", why);
        return false;
    }
    if (!cs_decode_tile_leaf(p, leaf.len, out, reason, rs))
        return false;
    if (leaf.len < n) {
        out->issuer_der = p + leaf.len;
        out->issuer_len = n - leaf.len;
    }
    return true;
}
