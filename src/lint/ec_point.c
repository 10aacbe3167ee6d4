/* EC public key validation; see ec_point.h.  Moved out of the S/MIME key
 * rules when the TLS rules needed it, with the per-call EC_POINT and
 * BN_CTX made per thread (the TLS rules see most certificates).  An
 * uncompressed point (nearly every key) is tested with GMP's fixed-size
 * arithmetic on the curve equation; OpenSSL's decoding, which took
 * 1.2-2.3 us a key (BIGNUMs, Montgomery form, error queue), decides the
 * compressed ones and is the reference in tests/test_lint_fastpaths.c. */
#include "lint/ec_point.h"

#include <gmp.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <pthread.h>
#include <stdlib.h>

#include "util/be_limbs.h"

_Static_assert(GMP_LIMB_BITS == 64 && GMP_NAIL_BITS == 0, "limbs are filled from 8 octets");

static const struct ec_curve {
    cs_oid_id id;
    int nid;
    size_t field_bytes;
} ec_curves[] = {
    { CS_OID_CURVE_P256, NID_X9_62_prime256v1, 32 },
    { CS_OID_CURVE_P384, NID_secp384r1, 48 },
    { CS_OID_CURVE_P521, NID_secp521r1, 66 },
};
enum {
    N_CURVES = sizeof ec_curves / sizeof ec_curves[0],
    MAX_FIELD_BYTES = 66,
    MAX_LIMBS = (MAX_FIELD_BYTES + 7) / 8,
};

/* A curve y^2 = x^3 + a x + b over GF(p) as GMP limbs (least significant
 * first), read from OpenSSL's group once; ready is false when that
 * failed, and OpenSSL then decides every point. */
static struct curve_limbs {
    bool ready;
    size_t n; /* limbs of p; its top limb is not zero */
    mp_limb_t p[MAX_LIMBS], a[MAX_LIMBS], b[MAX_LIMBS];
    mp_limb_t p_squared[2 * MAX_LIMBS];
} curve_limbs[N_CURVES];

/* One group per curve, built once: building it was most of the check's
 * cost.  Threads share it read-only: the calls below take it const and
 * do not modify it, and an object no thread modifies may be used by many
 * at once (openssl-threads(7)).  Never freed, like the OID table: it
 * stays reachable, so LeakSanitizer does not report it. */
static EC_GROUP *ec_groups[N_CURVES];
static pthread_key_t scratch_key;
static pthread_once_t ec_once = PTHREAD_ONCE_INIT;

/* What one thread modifies: a point per curve and a BN_CTX. */
typedef struct scratch {
    BN_CTX *ctx;
    EC_POINT *pt[N_CURVES];
} scratch;

static void scratch_free(void *p)
{
    scratch *s = p;
    for (size_t i = 0; i < N_CURVES; i++)
        EC_POINT_free(s->pt[i]);
    BN_CTX_free(s->ctx);
    free(s);
}

/* The big-endian octets s[0..len) as n limbs (len <= 8 n). */
static void limbs_from_octets(const uint8_t *s, size_t len, mp_limb_t *out, size_t n)
{
    for (size_t i = cs_be_limbs(cs_span_make(s, len), (uint64_t *)out); i < n; i++)
        out[i] = 0;
}

static bool bn_limbs(const BIGNUM *bn, size_t field_bytes, mp_limb_t *out, size_t n)
{
    uint8_t octets[MAX_FIELD_BYTES];
    if (BN_bn2binpad(bn, octets, (int)field_bytes) < 0)
        return false;
    limbs_from_octets(octets, field_bytes, out, n);
    return true;
}

static void curve_limbs_init(size_t i)
{
    struct curve_limbs *k = &curve_limbs[i];
    size_t fb = ec_curves[i].field_bytes;
    k->n = (fb + 7) / 8;
    BIGNUM *p = BN_new(), *a = BN_new(), *b = BN_new();
    k->ready = ec_groups[i] && p && a && b && EC_GROUP_get_curve(ec_groups[i], p, a, b, NULL) &&
               bn_limbs(p, fb, k->p, k->n) && bn_limbs(a, fb, k->a, k->n) && bn_limbs(b, fb, k->b, k->n) &&
               k->p[k->n - 1] != 0 && mpn_cmp(k->a, k->p, k->n) < 0 && mpn_cmp(k->b, k->p, k->n) < 0;
    if (k->ready)
        mpn_sqr(k->p_squared, k->p, (mp_size_t)k->n);
    BN_free(p);
    BN_free(a);
    BN_free(b);
}

static void ec_init(void)
{
    for (size_t i = 0; i < N_CURVES; i++) {
        ec_groups[i] = EC_GROUP_new_by_curve_name(ec_curves[i].nid);
        curve_limbs_init(i);
    }
    (void)pthread_key_create(&scratch_key, scratch_free);
}

/* Whether the uncompressed point 04||X||Y of field_bytes coordinates is
 * a point of the curve, as EC_POINT_oct2point decides it: both
 * coordinates below p and y^2 = (x^2 + a) x + b (mod p), tested as p
 * dividing (x^2 + a) x + b + p^2 - y^2 (not negative, below 2^(3 n 64)):
 * one division.  An affine point is never the identity. */
static bool uncompressed_on_curve(const struct curve_limbs *k, const uint8_t *xy, size_t field_bytes)
{
    mp_size_t n = (mp_size_t)k->n;
    mp_limb_t x[MAX_LIMBS], y[MAX_LIMBS], x2a[2 * MAX_LIMBS], y2[2 * MAX_LIMBS], t[3 * MAX_LIMBS];
    mp_limb_t q[2 * MAX_LIMBS + 1], r[MAX_LIMBS];
    limbs_from_octets(xy, field_bytes, x, k->n);
    limbs_from_octets(xy + field_bytes, field_bytes, y, k->n);
    if (mpn_cmp(x, k->p, n) >= 0 || mpn_cmp(y, k->p, n) >= 0)
        return false;
    mpn_sqr(x2a, x, n);
    mpn_add(x2a, x2a, 2 * n, k->a, n);  /* x^2 + a < p^2 + p: no carry out */
    mpn_mul(t, x2a, 2 * n, x, n);       /* (x^2 + a) x < 2^(3 n 64) */
    mpn_add(t, t, 3 * n, k->b, n);      /* + b: still below, as p^3 + p^2 + p is */
    mpn_add(t, t, 3 * n, k->p_squared, 2 * n);
    mpn_sqr(y2, y, n);
    mpn_sub(t, t, 3 * n, y2, 2 * n);    /* y^2 < p^2: not negative */
    mpn_tdiv_qr(q, r, 0, t, 3 * n, k->p, n);
    return mpn_zero_p(r, n);
}

static scratch *thread_scratch(void)
{
    scratch *s = pthread_getspecific(scratch_key);
    if (s)
        return s;
    s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->ctx = BN_CTX_new();
    bool ok = s->ctx != NULL;
    for (size_t i = 0; ok && i < N_CURVES; i++)
        ok = ec_groups[i] && (s->pt[i] = EC_POINT_new(ec_groups[i])) != NULL;
    if (!ok || pthread_setspecific(scratch_key, s) != 0) {
        scratch_free(s);
        return NULL;
    }
    return s;
}

static const struct ec_curve *ec_curve_of(cs_oid_id id)
{
    for (size_t i = 0; i < N_CURVES; i++)
        if (ec_curves[i].id == id)
            return &ec_curves[i];
    return NULL;
}

bool cs_ec_point_checkable(const cs_spki *k)
{
    return k->type == CS_KEY_EC && !k->ec_explicit_params && ec_curve_of(k->curve);
}

cs_ec_point_fault cs_ec_point_check(const cs_spki *k)
{
    const struct ec_curve *curve = ec_curve_of(k->curve);
    if (!curve)
        return CS_EC_POINT_UNDECIDED;
    size_t fb = curve->field_bytes;
    cs_span key = k->key;
    if (k->key_unused_bits)
        return CS_EC_POINT_UNUSED_BITS;
    bool uncompressed = key.len == 1 + 2 * fb && key.p[0] == 0x04;
    bool compressed = key.len == 1 + fb && (key.p[0] == 0x02 || key.p[0] == 0x03);
    if (!uncompressed && !compressed)
        return CS_EC_POINT_BAD_FORM;
    pthread_once(&ec_once, ec_init);
    size_t i = (size_t)(curve - ec_curves);
    if (uncompressed && curve_limbs[i].ready)
        return uncompressed_on_curve(&curve_limbs[i], key.p + 1, fb) ? CS_EC_POINT_OK : CS_EC_POINT_INVALID;
    scratch *s = thread_scratch();
    if (!s)
        return CS_EC_POINT_UNDECIDED;
    const EC_GROUP *g = ec_groups[i];
    EC_POINT *pt = s->pt[i];
    /* oct2point checks that the point is on the curve (it sets the point
     * through EC_POINT_set_affine_coordinates, which refuses one that is
     * not, or, compressed, solves the curve equation for y): a second
     * EC_POINT_is_on_curve was a third of the check's cost.
     * tests/test_lint_fastpaths.c holds it to that for each curve. */
    if (!EC_POINT_oct2point(g, pt, key.p, key.len, s->ctx) || EC_POINT_is_at_infinity(g, pt))
        return CS_EC_POINT_INVALID;
    return CS_EC_POINT_OK;
}

const char *cs_ec_point_fault_text(cs_ec_point_fault f)
{
    switch (f) {
    case CS_EC_POINT_OK: return "is valid";
    case CS_EC_POINT_UNUSED_BITS: return "BIT STRING has unused bits";
    case CS_EC_POINT_BAD_FORM: return "has the wrong length or form for its curve";
    case CS_EC_POINT_INVALID: return "is not a valid point of its curve";
    case CS_EC_POINT_UNDECIDED: break;
    }
    return "was not checked";
}

cs_result cs_ec_point_rule_check(const cs_cert *c, cs_detail *d)
{
    cs_ec_point_fault f = cs_ec_point_check(&c->spki);
    if (f == CS_EC_POINT_OK)
        return CS_PASS;
    if (f == CS_EC_POINT_UNDECIDED)
        return CS_NA;
    return cs_fail(d, "EC public key on %s %s", cs_oid_short_name(c->spki.curve), cs_ec_point_fault_text(f));
}
