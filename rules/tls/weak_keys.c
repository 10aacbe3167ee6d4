/* BR 6.1.1.3 (5): the CA SHALL reject a subscriber key that "corresponds
 * to an industry-demonstrated weak Private Key".  Since SC-073 (effective
 * 2024-07-01) the BR names three: Debian weak keys, ROCA, and close
 * primes factored "within 100 rounds using Fermat's factorization
 * method".  Before it, BR 1.x 6.1.1.3 named only the Debian weak keys
 * ("a known weak Private Key (such as a Debian weak key)"): ROCA and
 * Fermat are checked from SC-073 on, Debian keys from the start. */
#include "tls_common.h"

#include "keys/debian_weak.h"
#include "lint/cert_facts.h"

#define SC073_T INT64_C(1719792000) /* 2024-07-01T00:00:00Z */

static bool rsa_subscriber(const cs_cert *c)
{
    return tls_subscriber(c) && c->spki.type == CS_KEY_RSA && c->spki.rsa_modulus.len;
}

static cs_result check_weak_key(const cs_cert *c, cs_detail *d)
{
    if (!cs_rsa_weak_checkable(c->spki.rsa_modulus))
        return CS_NA;
    unsigned checks = CS_RSA_DEBIAN;
    if (!c->rules_time_valid || c->rules_time >= SC073_T)
        checks |= CS_RSA_ROCA | CS_RSA_FERMAT;
    else if (!cs_debian_weak_keys())
        return CS_NA; /* only the Debian check applies, and there is no list */
    return cs_cert_rsa_known_weak(c, checks, d->text, sizeof d->text) ? CS_FAIL : CS_PASS;
}
CS_RULE(tls_rsa_weak_key_known) = {
    .id = "tls_rsa_weak_key_known", .severity = CS_SEV_ERROR, .source = CS_SOURCE_TLS,
    .citation = "BR 6.1.1.3 (5)", .effective = TLS_BR_START,
    .description = "RSA key is a known-weak key: ROCA fingerprint or primes close enough for Fermat's method "
                   "within 100 rounds (from SC-073, 2024-07-01), or a Debian weak key (only with a blocklist "
                   "in $CERTSWEEP_DEBIAN_WEAK_KEYS: none ships); moduli above 16384 bits are not checked",
    .applies_to = "TLS subscriber certificates with an RSA key",
    .zlint = "e_rsa_fermat_factorization", .pkilint = NULL,
    .applies = rsa_subscriber, .check = check_weak_key,
};
