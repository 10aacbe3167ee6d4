/* BR 6.1.6: what the RSA public key SHOULD also be (NIST SP 800-89 5.3.3):
 * a public exponent between 2^16+1 and 2^256-1, and a modulus that is odd,
 * not the power of a prime and without factors smaller than 752. */
#include "lint/cert_facts.h"
#include "tls_common.h"

static bool rsa_key(const cs_cert *c) { return c->spki.type == CS_KEY_RSA && tls_in_scope(c); }

static cs_result check(const cs_cert *c, cs_detail *d)
{
    unsigned factor = 0;
    cs_rsa_modulus_fault f = cs_cert_rsa_structure(c, &factor);
    if (f == CS_RSA_MODULUS_SMALL_FACTOR)
        return cs_fail(d, "RSA modulus has the factor %u (below 752)", factor);
    if (f != CS_RSA_MODULUS_OK && f != CS_RSA_MODULUS_UNDECIDED)
        return cs_fail(d, "RSA modulus is %s", cs_rsa_modulus_fault_text(f));
    cs_span e = cs_span_skip_zeros(c->spki.rsa_exponent);
    /* 2^16+1 = 01 00 01: three octets with a value of at least 0x010001. */
    bool below = e.len < 3 || (e.len == 3 && (e.p[0] == 1 && e.p[1] == 0 && e.p[2] < 1));
    if (below)
        return cs_fail(d, "RSA public exponent is below 2^16+1");
    if (e.len > 32)
        return cs_fail(d, "RSA public exponent exceeds 2^256-1");
    return CS_PASS;
}
CS_RULE(tls_rsa_not_recommended) = {
    .id = "tls_rsa_not_recommended", .severity = CS_SEV_WARNING, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.6", .effective = TLS_BR_START,
    .description = "RSA modulus even, with a prime factor below 752 or a perfect square, or public exponent outside "
                   "2^16+1 .. 2^256-1 (SHOULD; higher prime powers are not tested)",
    .zlint = "w_rsa_mod_not_odd,w_rsa_public_exponent_not_in_range,w_rsa_mod_factors_smaller_than_752",
    .pkilint = "cabf.rsa_modulus_has_small_prime_factor,cabf.rsa_exponent_not_in_recommended_range",
    .applies_to = "TLS subscriber and TLS CA certificates with an RSA key", .applies = rsa_key, .check = check,
};
