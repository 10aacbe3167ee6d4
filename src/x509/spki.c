/* AlgorithmIdentifier and SubjectPublicKeyInfo: key kind, curve, size,
 * RSA modulus and exponent, post-quantum parameter sets. */
#include "x509/parse_internal.h"

/* The AlgorithmIdentifiers nearly every certificate carries (signature
 * and key algorithms, about 95 % of those of the real corpus), whole, as
 * DER: one of these needs no decoding, its OID is at octet 2 and its
 * parameters (if any) after it, with no fault.  curve: the named curve of
 * an ecPublicKey. */
typedef struct known_algid {
    uint8_t len;
    uint8_t der[21];
    uint16_t id, curve;
} known_algid;

#define RSA_OID 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01
#define ECDSA_OID 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03
#define EC_KEY_OID 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01
static const known_algid known_algids[] = {
    { 15, { 0x30, 0x0d, RSA_OID, 0x0b, 0x05, 0x00 }, CS_OID_SIG_SHA256_RSA, 0 },
    { 15, { 0x30, 0x0d, RSA_OID, 0x01, 0x05, 0x00 }, CS_OID_KEY_RSA, 0 },
    { 12, { 0x30, 0x0a, ECDSA_OID, 0x03 }, CS_OID_SIG_ECDSA_SHA384, 0 },
    { 15, { 0x30, 0x0d, RSA_OID, 0x05, 0x05, 0x00 }, CS_OID_SIG_SHA1_RSA, 0 },
    { 21, { 0x30, 0x13, EC_KEY_OID, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 },
      CS_OID_KEY_EC, CS_OID_CURVE_P256 },
    { 15, { 0x30, 0x0d, RSA_OID, 0x0c, 0x05, 0x00 }, CS_OID_SIG_SHA384_RSA, 0 },
    { 18, { 0x30, 0x10, EC_KEY_OID, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 }, CS_OID_KEY_EC, CS_OID_CURVE_P384 },
    { 12, { 0x30, 0x0a, ECDSA_OID, 0x02 }, CS_OID_SIG_ECDSA_SHA256, 0 },
    { 15, { 0x30, 0x0d, RSA_OID, 0x0d, 0x05, 0x00 }, CS_OID_SIG_SHA512_RSA, 0 },
    { 12, { 0x30, 0x0a, ECDSA_OID, 0x04 }, CS_OID_SIG_ECDSA_SHA512, 0 },
    { 7, { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 }, CS_OID_KEY_ED25519, 0 },
};
#undef RSA_OID
#undef ECDSA_OID
#undef EC_KEY_OID

static inline uint64_t load8(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* memcmp(a, b, n) == 0 for 8 <= n <= 24: three words, overlapping. */
static inline bool same_24(const uint8_t *a, const uint8_t *b, size_t n)
{
    return load8(a) == load8(b) && load8(a + n / 2 - 4) == load8(b + n / 2 - 4) &&
           load8(a + n - 8) == load8(b + n - 8);
}

/* The known AlgorithmIdentifier the reader is at, NULL for any other. */
static const known_algid *at_known_algid(const cs_der_reader *r)
{
    if (r->error || r->end - r->p < 2 || r->p[0] != 0x30 || r->p[1] > 19)
        return NULL;
    size_t len = (size_t)r->p[1] + 2;
    if ((size_t)(r->end - r->p) < len)
        return NULL;
    for (size_t i = 0; i < sizeof known_algids / sizeof known_algids[0]; i++) {
        const known_algid *k = &known_algids[i];
        if (k->len == len && (len >= 8 ? same_24(k->der, r->p, len) : memcmp(k->der, r->p, len) == 0))
            return k;
    }
    return NULL;
}

/* cs_x509_parse_algid for a known one: what the decoding would give. */
static void take_known_algid(cs_der_reader *r, const known_algid *k, cs_algid *a)
{
    const uint8_t *p = r->p;
    size_t oid_end = 4 + (size_t)p[3];
    a->der = cs_span_make(p, k->len);
    a->oid = cs_span_make(p + 4, p[3]);
    a->id = (cs_oid_id)k->id;
    a->has_params = k->len > oid_end;
    a->params = cs_span_make(a->has_params ? p + oid_end : NULL, k->len - oid_end);
    r->p += k->len;
}

bool cs_x509_parse_algid(cs_px *px, cs_der_reader *r, cs_algid *a)
{
    cs_der_tlv seq, oid, params;
    memset(a, 0, sizeof *a);
    const known_algid *k = cs_x509_shortcuts ? at_known_algid(r) : NULL;
    if (k) {
        take_known_algid(r, k, a);
        return true;
    }
    if (cs_der_expect(r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    a->der = seq.whole;
    cs_der_reader in;
    cs_der_reader_enter(&in, r, &seq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_OID, &oid) != CS_DER_OK)
        return cs_px_reader_fail(px, &in, "algorithm OID");
    if (!cs_x509_oid(&in, &oid, &a->id))
        return cs_px_fail(px, "invalid algorithm OID", oid.whole.p);
    a->oid = oid.value;
    cs_der_status st = cs_der_next(&in, &params);
    if (st == CS_DER_ERROR)
        return cs_px_reader_fail(px, &in, "algorithm parameters");
    if (st == CS_DER_OK) {
        a->has_params = true;
        a->params = params.whole;
        if (!cs_der_at_end(&in))
            cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    }
    return true;
}

/* Bits in an unsigned big-endian magnitude (leading zero octets ignored). */
static uint32_t magnitude_bits(cs_span v)
{
    size_t i = 0;
    while (i < v.len && v.p[i] == 0)
        i++;
    if (i == v.len)
        return 0;
    uint32_t bits = (uint32_t)((v.len - i - 1) * 8);
    for (uint8_t b = v.p[i]; b; b >>= 1)
        bits++;
    return bits;
}

static void rsa_key(cs_der_reader *r, cs_spki *k)
{
    cs_der_reader kr, in;
    cs_der_tlv seq, n, e;
    cs_der_reader_init(&kr, r->base, k->key.p, k->key.len, r->faults);
    kr.depth = r->depth + 1;
    if (k->key_unused_bits != 0 ||
        cs_der_expect(&kr, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return;
    if (!cs_der_at_end(&kr))
        cs_fault_at(&kr, CS_FAULT_TRAILING_DATA, kr.p);
    cs_der_reader_enter(&in, &kr, &seq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &n) != CS_DER_OK ||
        !cs_der_int_check(&in, &n) ||
        cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &e) != CS_DER_OK ||
        !cs_der_int_check(&in, &e))
        return;
    if (!cs_der_at_end(&in))
        cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    k->rsa_modulus = n.value;
    k->rsa_exponent = e.value;
    /* A negative modulus (missing 0x00 pad) is counted by its octets, as
     * OpenSSL does; rules see the sign in rsa_modulus. */
    k->key_bits = magnitude_bits(n.value);
}

static uint32_t curve_bits(cs_oid_id c)
{
    switch (c) {
    case CS_OID_CURVE_P192: return 192;
    case CS_OID_CURVE_P224: return 224;
    case CS_OID_CURVE_P256:
    case CS_OID_CURVE_SECP256K1:
    case CS_OID_CURVE_BRAINPOOL_P256R1: return 256;
    case CS_OID_CURVE_P384:
    case CS_OID_CURVE_BRAINPOOL_P384R1: return 384;
    case CS_OID_CURVE_BRAINPOOL_P512R1: return 512;
    case CS_OID_CURVE_P521: return 521;
    default: return 0;
    }
}

static void ec_key(cs_der_reader *r, cs_spki *k)
{
    cs_der_reader pr;
    cs_der_tlv p;
    if (!k->alg.has_params)
        return;
    cs_der_reader_init(&pr, r->base, k->alg.params.p, k->alg.params.len, r->faults);
    pr.depth = r->depth + 1;
    if (cs_der_next(&pr, &p) != CS_DER_OK)
        return;
    cs_oid_id curve;
    if (p.cls == CS_DER_CLASS_UNIVERSAL && p.tag == CS_TAG_OID && cs_x509_oid(&pr, &p, &curve)) {
        k->curve_oid = p.value;
        k->curve = curve;
        k->key_bits = curve_bits(k->curve);
    } else if (p.cls == CS_DER_CLASS_UNIVERSAL && p.tag == CS_TAG_SEQUENCE) {
        k->ec_explicit_params = true;
    }
    /* Unknown or explicit curves: size from the point (04 || X || Y). */
    if (k->key_bits == 0 && k->key.len >= 3 && k->key.p[0] == 0x04)
        k->key_bits = (uint32_t)((k->key.len - 1) / 2 * 8);
}

static void dsa_key(cs_der_reader *r, cs_spki *k)
{
    cs_der_reader pr, in;
    cs_der_tlv seq, p;
    if (!k->alg.has_params)
        return;
    cs_der_reader_init(&pr, r->base, k->alg.params.p, k->alg.params.len, r->faults);
    pr.depth = r->depth + 1;
    if (cs_der_expect(&pr, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return;
    cs_der_reader_enter(&in, &pr, &seq);
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_INTEGER, &p) == CS_DER_OK &&
        cs_der_int_check(&in, &p))
        k->key_bits = magnitude_bits(p.value);
}

bool cs_x509_parse_spki(cs_px *px, cs_der_reader *r, cs_spki *k)
{
    cs_der_tlv seq, bits;
    memset(k, 0, sizeof *k);
    if (cs_der_expect(r, CS_DER_CLASS_UNIVERSAL, CS_TAG_SEQUENCE, &seq) != CS_DER_OK)
        return cs_px_reader_fail(px, r, NULL);
    k->der = seq.whole;
    cs_der_reader in;
    cs_der_reader_enter(&in, r, &seq);
    if (!cs_x509_parse_algid(px, &in, &k->alg))
        return false;
    if (cs_der_expect(&in, CS_DER_CLASS_UNIVERSAL, CS_TAG_BIT_STRING, &bits) != CS_DER_OK)
        return cs_px_reader_fail(px, &in, "subjectPublicKey");
    if (!cs_der_bit_string(&in, &bits, &k->key_unused_bits, &k->key))
        return cs_px_fail(px, "invalid subjectPublicKey BIT STRING", bits.whole.p);
    if (!cs_der_at_end(&in))
        cs_fault_at(&in, CS_FAULT_TRAILING_DATA, in.p);
    k->curve = CS_OID_UNKNOWN;
    switch (k->alg.id) {
    case CS_OID_KEY_RSA:
        k->type = CS_KEY_RSA;
        rsa_key(&in, k);
        break;
    case CS_OID_KEY_RSASSA_PSS:
        k->type = CS_KEY_RSA_PSS;
        rsa_key(&in, k);
        break;
    case CS_OID_KEY_EC:
        k->type = CS_KEY_EC;
        ec_key(&in, k);
        break;
    case CS_OID_KEY_DSA:
        k->type = CS_KEY_DSA;
        dsa_key(&in, k);
        break;
    case CS_OID_KEY_ED25519: k->type = CS_KEY_ED25519; break;
    case CS_OID_KEY_ED448: k->type = CS_KEY_ED448; break;
    case CS_OID_KEY_X25519: k->type = CS_KEY_X25519; break;
    case CS_OID_KEY_X448: k->type = CS_KEY_X448; break;
    case CS_OID_KEY_ML_DSA_44: k->type = CS_KEY_ML_DSA; k->key_param_set = 44; break;
    case CS_OID_KEY_ML_DSA_65: k->type = CS_KEY_ML_DSA; k->key_param_set = 65; break;
    case CS_OID_KEY_ML_DSA_87: k->type = CS_KEY_ML_DSA; k->key_param_set = 87; break;
    case CS_OID_KEY_ML_KEM_512: k->type = CS_KEY_ML_KEM; k->key_param_set = 512; break;
    case CS_OID_KEY_ML_KEM_768: k->type = CS_KEY_ML_KEM; k->key_param_set = 768; break;
    case CS_OID_KEY_ML_KEM_1024: k->type = CS_KEY_ML_KEM; k->key_param_set = 1024; break;
    default: k->type = CS_KEY_UNKNOWN; break;
    }
    if (k->key_bits == 0 && k->type != CS_KEY_RSA && k->type != CS_KEY_RSA_PSS &&
        k->type != CS_KEY_EC && k->type != CS_KEY_DSA)
        k->key_bits = (uint32_t)(k->key.len * 8);
    return true;
}
