/* EC public key validation; see ec_point.h.  Moved out of the S/MIME key
 * rules when the TLS rules needed it, with the per-call EC_POINT and
 * BN_CTX made per thread (the TLS rules see most certificates). */
#include "lint/ec_point.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <pthread.h>
#include <stdlib.h>

static const struct ec_curve {
    cs_oid_id id;
    int nid;
    size_t field_bytes;
} ec_curves[] = {
    { CS_OID_CURVE_P256, NID_X9_62_prime256v1, 32 },
    { CS_OID_CURVE_P384, NID_secp384r1, 48 },
    { CS_OID_CURVE_P521, NID_secp521r1, 66 },
};
enum { N_CURVES = sizeof ec_curves / sizeof ec_curves[0] };

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

static void ec_init(void)
{
    for (size_t i = 0; i < N_CURVES; i++)
        ec_groups[i] = EC_GROUP_new_by_curve_name(ec_curves[i].nid);
    (void)pthread_key_create(&scratch_key, scratch_free);
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
    scratch *s = thread_scratch();
    if (!s)
        return CS_EC_POINT_UNDECIDED;
    size_t i = (size_t)(curve - ec_curves);
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
