/* Known-weak RSA keys: the blocklist first (a hash), then ROCA (a few
 * reductions), then Fermat (bounded rounds). */
#include "keys/weak_rsa.h"

#include <stdio.h>

#include "keys/debian_weak.h"
#include "keys/fermat.h"
#include "keys/roca.h"

bool cs_rsa_weak_checkable(cs_span modulus)
{
    modulus = cs_span_skip_zeros(modulus);
    return modulus.len > 0 && modulus.len <= CS_RSA_WEAK_MAX_BITS / 8;
}

cs_rsa_weakness cs_rsa_known_weak(cs_span modulus, unsigned checks, char *why, size_t size)
{
    return cs_rsa_known_weak_roca(modulus, checks, NULL, why, size);
}

cs_rsa_weakness cs_rsa_known_weak_roca(cs_span modulus, unsigned checks, const bool *roca, char *why, size_t size)
{
    if (size)
        why[0] = '\0';
    if (!cs_rsa_weak_checkable(modulus))
        return CS_RSA_NOT_WEAK;
    const cs_blocklist *debian = (checks & CS_RSA_DEBIAN) ? cs_debian_weak_keys() : NULL;
    if (debian && cs_blocklist_has_rsa(debian, modulus)) {
        snprintf(why, size, "RSA key is a Debian weak key (CVE-2008-0166): its fingerprint is in the blocklist");
        return CS_RSA_DEBIAN;
    }
    if ((checks & CS_RSA_ROCA) && (roca ? *roca : cs_roca_fingerprint(modulus))) {
        snprintf(why, size, "RSA modulus has the ROCA fingerprint (CVE-2017-15361, Infineon RSALib)");
        return CS_RSA_ROCA;
    }
    unsigned round = 0;
    if ((checks & CS_RSA_FERMAT) && cs_fermat_factor(modulus, CS_FERMAT_ROUNDS, &round)) {
        snprintf(why, size, "RSA modulus factored by Fermat's method in round %u of %u (primes too close)", round,
                 CS_FERMAT_ROUNDS);
        return CS_RSA_FERMAT;
    }
    return CS_RSA_NOT_WEAK;
}
