/* Per-certificate facts; see cert_facts.h. */
#include "lint/cert_facts.h"

#include <stdbool.h>

static _Thread_local struct {
    const cs_cert *cert; /* the certificate cs_lint runs on; NULL when closed */
    bool have_residues;
    cs_rsa_residues residues;
} facts;

void cs_cert_facts_open(const cs_cert *c)
{
    facts.cert = c;
    facts.have_residues = false;
}

void cs_cert_facts_close(void) { facts.cert = NULL; }

/* The residues of c's modulus: the context's, or made in *own when the
 * context is not open for c. */
static const cs_rsa_residues *rsa_residues(const cs_cert *c, cs_rsa_residues *own)
{
    if (facts.cert != c) {
        cs_rsa_residues_of(c->spki.rsa_modulus, own);
        return own;
    }
    if (!facts.have_residues) {
        cs_rsa_residues_of(c->spki.rsa_modulus, &facts.residues);
        facts.have_residues = true;
    }
    return &facts.residues;
}

cs_rsa_modulus_fault cs_cert_rsa_structure(const cs_cert *c, unsigned *factor)
{
    cs_rsa_residues own;
    return cs_rsa_modulus_structure_from(c->spki.rsa_modulus, rsa_residues(c, &own), factor);
}

cs_rsa_weakness cs_cert_rsa_known_weak(const cs_cert *c, unsigned checks, char *why, size_t size)
{
    cs_span m = c->spki.rsa_modulus;
    if (!(checks & CS_RSA_ROCA) || !cs_rsa_weak_checkable(m))
        return cs_rsa_known_weak(m, checks, why, size);
    cs_rsa_residues own;
    bool roca = cs_rsa_roca_from(m, rsa_residues(c, &own));
    return cs_rsa_known_weak_roca(m, checks, &roca, why, size);
}
