/* OIDs under the S/MIME BR arc 2.23.140.1.5 that are not one of the 12
 * reserved policy identifiers (SBR 1.2, 7.1.6.1).  The CA/B Forum owns
 * the arc, so such an OID is neither a reserved identifier nor one "documented
 * by the CA in its CP and/or CPS" (7.1.2.3(a), 7.1.6.4; 7.1.6.3 for CAs);
 * it selects no profile, and a certificate asserting only such OIDs would
 * escape every profile rule. */
#include "smime_common.h"

static bool has_undefined_oid(const cs_cert *c) { return c->smime.undefined_oid; }

static cs_result check_undefined_oid(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->policies.n; i++) {
        if (!cs_policy_undefined_smime(&c->policies.items[i]))
            continue;
        char text[64];
        return cs_fail(d, "policy %s is under the S/MIME BR arc but is not a reserved policy identifier",
                       cs_oid_to_text(c->policies.items[i].oid, text, sizeof text));
    }
    return CS_PASS;
}
CS_RULE(smime_policy_undefined_oid) = {
    SMIME_META(smime_policy_undefined_oid, ERROR, "SBR 7.1.6.1, 7.1.6.4, 7.1.2.3(a)", SMIME_BR_START),
    .description = "certificatePolicies holds an OID under 2.23.140.1.5 that is not one of the 12 "
                   "reserved S/MIME policy identifiers (it selects no profile)",
    .applies_to = "certificates (subscriber or CA) asserting an OID under 2.23.140.1.5",
    .zlint = "e_exactly_one_smime_policy", .pkilint = NULL,
    .applies = has_undefined_oid, .check = check_undefined_oid,
};
