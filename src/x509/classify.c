/* Derived facts over a parsed view: CA, self-issued, precertificate, EKU
 * flags, S/MIME scope/type/generation (and its guess), TLS scope/level,
 * validity length. */
#include "x509/parse_internal.h"

/* pkilint's order: Mailbox, Organization, Sponsored, Individual, each
 * Legacy, Multipurpose, Strict.  The first one present decides. */
static const struct {
    cs_oid_id id;
    uint8_t type, gen;
} smime_policies[] = {
    { CS_OID_POLICY_SMIME_MV_LEGACY, CS_SMIME_MAILBOX, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_MV_MULTIPURPOSE, CS_SMIME_MAILBOX, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_MV_STRICT, CS_SMIME_MAILBOX, CS_SMIME_STRICT },
    { CS_OID_POLICY_SMIME_OV_LEGACY, CS_SMIME_ORGANIZATION, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_OV_MULTIPURPOSE, CS_SMIME_ORGANIZATION, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_OV_STRICT, CS_SMIME_ORGANIZATION, CS_SMIME_STRICT },
    { CS_OID_POLICY_SMIME_SV_LEGACY, CS_SMIME_SPONSORED, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_SV_MULTIPURPOSE, CS_SMIME_SPONSORED, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_SV_STRICT, CS_SMIME_SPONSORED, CS_SMIME_STRICT },
    { CS_OID_POLICY_SMIME_IV_LEGACY, CS_SMIME_INDIVIDUAL, CS_SMIME_LEGACY },
    { CS_OID_POLICY_SMIME_IV_MULTIPURPOSE, CS_SMIME_INDIVIDUAL, CS_SMIME_MULTIPURPOSE },
    { CS_OID_POLICY_SMIME_IV_STRICT, CS_SMIME_INDIVIDUAL, CS_SMIME_STRICT },
};

/* 2.23.140.1.5 itself or any OID below it: the arc the CA/B Forum
 * reserved for the S/MIME BR (SBR 1.2, 7.1.6.1).  The content octets of
 * 2.23.140.1.5 end with the single octet 0x05, so a prefix match is exact. */
static bool under_smime_arc(cs_span oid)
{
    static const uint8_t arc[] = { 0x67, 0x81, 0x0C, 0x01, 0x05 };
    return oid.len >= sizeof arc && memcmp(oid.p, arc, sizeof arc) == 0;
}

/* The rank of a reserved S/MIME policy in smime_policies, -1 for any
 * other policy (those under the arc first: most policies are not). */
static int smime_policy_rank(const cs_policy *p)
{
    if (!under_smime_arc(p->oid))
        return -1;
    for (size_t k = 0; k < sizeof smime_policies / sizeof smime_policies[0]; k++)
        if (smime_policies[k].id == p->id)
            return (int)k;
    return -1;
}

bool cs_policy_undefined_smime(const cs_policy *p)
{
    return under_smime_arc(p->oid) && smime_policy_rank(p) < 0;
}

/* The TLS validation level a CA/B Forum TLS policy OID gives; EV ranks
 * above IV, IV above OV, OV above DV. */
static uint8_t tls_policy_level(cs_oid_id id)
{
    switch (id) {
    case CS_OID_POLICY_TLS_EV: return CS_TLS_EV;
    case CS_OID_POLICY_TLS_IV: return CS_TLS_IV;
    case CS_OID_POLICY_TLS_OV: return CS_TLS_OV;
    case CS_OID_POLICY_TLS_DV: return CS_TLS_DV;
    default: return CS_TLS_LEVEL_NONE;
    }
}

/* One pass over the policies: the S/MIME profile of the first reserved
 * OID in smime_policies' order, the reserved and undefined S/MIME OIDs,
 * and the highest TLS level. */
static void classify_policies(cs_cert *c)
{
    unsigned reserved = 0, undefined = 0;
    int best = -1;
    uint8_t level = CS_TLS_LEVEL_NONE;
    for (unsigned i = 0; i < c->policies.n; i++) {
        const cs_policy *p = &c->policies.items[i];
        int rank = smime_policy_rank(p);
        if (rank >= 0) {
            reserved++;
            best = best < 0 || rank < best ? rank : best;
        } else if (under_smime_arc(p->oid)) {
            undefined++;
        }
        uint8_t l = tls_policy_level(p->id);
        level = l > level ? l : level;
    }
    c->smime.n_reserved_oids = (uint8_t)(reserved > 255 ? 255 : reserved);
    c->smime.reserved_oid = reserved > 0;
    c->smime.undefined_oid = undefined > 0;
    if (best >= 0) {
        c->smime.type = smime_policies[best].type;
        c->smime.generation = smime_policies[best].gen;
    }
    if (level != CS_TLS_LEVEL_NONE)
        c->tls.level = level;
}

static void classify_smime(cs_cert *c)
{
    /* SBR 1.1: emailProtection and a mailbox in the SAN make an S/MIME
     * certificate.  No EKU and anyExtendedKeyUsage allow emailProtection
     * too (RFC 5280 4.2.1.12), so they count as well.  serverAuth does not
     * take a certificate out of scope: it is a prohibited EKU here (SBR
     * 7.1.2.3(f)), and the TLS rules see the certificate as well.  An OID
     * under the S/MIME arc claims the BR whatever the rest says. */
    bool eku_ok = !c->eku.present || c->has_eku_email_protection || c->has_eku_any;
    bool claims = c->smime.reserved_oid || c->smime.undefined_oid;
    c->smime.subscriber = !c->is_ca && (claims || (eku_ok && c->has_mailbox_san));
    c->smime.issuing_ca = c->is_ca && (c->has_eku_email_protection || claims);
}

static void classify_tls(cs_cert *c)
{
    /* A CA/B Forum TLS policy OID claims the TLS BR profile whatever the
     * EKU says (a DV certificate with clientAuth only is a misissued TLS
     * certificate, not out of scope), as a reserved OID does for S/MIME.
     * serverAuth makes a TLS certificate even when it is an S/MIME one
     * too: both rule sets apply (TLS BR 7.1.2.7.10 forbids emailProtection,
     * SBR 7.1.2.3(f) serverAuth). */
    c->tls.subscriber = !c->is_ca && (c->has_eku_server_auth || c->tls.level != CS_TLS_LEVEL_NONE);
    c->tls.scope = c->tls.subscriber ? CS_TLS_SCOPE_OWN : CS_TLS_SCOPE_NONE;
}

bool cs_cert_is_tls_ca(const cs_cert *ca)
{
    return ca && ca->is_ca && (ca->has_eku_server_auth || ca->tls.level != CS_TLS_LEVEL_NONE);
}

void cs_cert_set_tls_scope(cs_cert *c, bool zlint_wide)
{
    if (c->is_ca || c->tls.scope == CS_TLS_SCOPE_OWN)
        return;
    c->tls.scope = CS_TLS_SCOPE_NONE;
    if (cs_cert_is_tls_ca(c->issuer_cert) && !c->smime.subscriber && !cs_cert_has_eku(c, CS_OID_KP_OCSP_SIGNING))
        c->tls.scope = CS_TLS_SCOPE_ISSUER;
    else if (zlint_wide)
        c->tls.scope = CS_TLS_SCOPE_ZLINT;
    c->tls.subscriber = c->tls.scope != CS_TLS_SCOPE_NONE;
}

void cs_cert_classify(cs_cert *c)
{
    c->is_ca = c->bc.present && c->bc.ca;
    c->is_self_issued = c->issuer.der.len && cs_span_eq(c->issuer.der, c->subject.der);
    c->is_precert = c->ct_poison.present;
    c->has_eku_server_auth = c->has_eku_email_protection = c->has_eku_any = false;
    for (unsigned i = 0; i < c->eku.n; i++) {
        cs_oid_id id = c->eku.ids[i];
        c->has_eku_server_auth |= id == CS_OID_KP_SERVER_AUTH;
        c->has_eku_email_protection |= id == CS_OID_KP_EMAIL_PROTECTION;
        c->has_eku_any |= id == CS_OID_KP_ANY;
    }
    c->has_mailbox_san = false;
    for (unsigned i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_RFC822 ||
            (g->type == CS_GN_OTHER_NAME && g->other_type == CS_OID_ON_SMTP_UTF8_MAILBOX))
            c->has_mailbox_san = true;
    }
    classify_policies(c);
    classify_smime(c);
    classify_tls(c);
    c->validity_seconds = c->not_before.valid && c->not_after.valid
                              ? c->not_after.t - c->not_before.t + 1
                              : 0;
}

/* ---- guessing the S/MIME profile --------------------------------------- */

/* SMC08: no Legacy generation certificate from 2025-07-15 on. */
#define LEGACY_SUNSET INT64_C(1752537600)
#define DAYS_825 (INT64_C(825) * 86400)

/* Whether a string attribute value holds the ASCII character ch, in the
 * code units of its string type. */
static bool value_has_char(const cs_attr *a, char ch)
{
    size_t unit = a->tag == CS_TAG_BMP_STRING ? 2 : a->tag == CS_TAG_UNIVERSAL_STRING ? 4 : 1;
    for (size_t i = 0; i + unit <= a->value.len; i += unit) {
        bool zero_high = true;
        for (size_t k = 0; k + 1 < unit; k++)
            zero_high = zero_high && a->value.p[i + k] == 0;
        if (zero_high && a->value.p[i + unit - 1] == (uint8_t)ch)
            return true;
    }
    return false;
}

/* pkilint's guess_validation_level_and_generation (cabf/smime/__init__.py):
 * Sponsored when organizationName is present with givenName or surname,
 * or with a commonName that is neither the organizationName nor holds an
 * '@'; Organization when organizationName is present; Individual with
 * givenName or surname; Mailbox otherwise.  Values are compared as
 * encoded. */
static uint8_t guess_type(const cs_cert *c)
{
    const cs_attr *o = cs_name_find(&c->subject, CS_OID_AT_ORGANIZATION);
    const cs_attr *cn = cs_name_find(&c->subject, CS_OID_AT_COMMON_NAME);
    bool natural = cs_name_find(&c->subject, CS_OID_AT_GIVEN_NAME) || cs_name_find(&c->subject, CS_OID_AT_SURNAME);
    if (o && (natural || (cn && !cs_span_eq(o->value, cn->value) && !value_has_char(cn, '@'))))
        return CS_SMIME_SPONSORED;
    if (o)
        return CS_SMIME_ORGANIZATION;
    return natural ? CS_SMIME_INDIVIDUAL : CS_SMIME_MAILBOX;
}

static bool uri_is_http(const cs_general_name *g)
{
    static const char http[] = "http://";
    if (g->type != CS_GN_URI || g->value.len < sizeof http - 1)
        return false;
    for (size_t i = 0; i < sizeof http - 1; i++) {
        uint8_t ch = g->value.p[i];
        if ((ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) != http[i])
            return false;
    }
    return true;
}

/* SBR 7.1.2.3(b), (c): Strict and Multipurpose allow only http:// URIs
 * in cRLDistributionPoints and authorityInformationAccess. */
static bool only_http_uris(const cs_cert *c)
{
    for (uint16_t i = 0; i < c->crldp.n && i < CS_MAX_DIST_POINTS; i++)
        for (uint16_t k = 0; c->crldp.items[i].has_full_name && k < c->crldp.items[i].full_name.n; k++) {
            const cs_general_name *g = &c->crldp.items[i].full_name.items[k];
            if (g->type == CS_GN_URI && !uri_is_http(g))
                return false;
        }
    for (uint16_t i = 0; i < c->aia.n && i < CS_MAX_ACCESS; i++) {
        const cs_general_name *g = c->aia.items[i].location;
        if (g && g->type == CS_GN_URI && !uri_is_http(g))
            return false;
    }
    return true;
}

/* What only Strict forbids: a key purpose besides emailProtection
 * (7.1.2.3(f)), dataEncipherment (e), Adobe extensions (m), otherName
 * types other than SmtpUTF8Mailbox (7.1.4.2.1). */
static bool fits_strict(const cs_cert *c)
{
    if (!c->eku.present || c->eku.n != 1 || !c->has_eku_email_protection)
        return false;
    if (c->ku.present && (c->ku.bits & CS_KU_DATA_ENCIPHERMENT))
        return false;
    if (cs_cert_find_ext(c, CS_OID_EXT_ADOBE_TIMESTAMP) || cs_cert_find_ext(c, CS_OID_EXT_ADOBE_ARCHIVE_REV_INFO))
        return false;
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_OTHER_NAME && g->other_type != CS_OID_ON_SMTP_UTF8_MAILBOX)
            return false;
    }
    return true;
}

/* What Multipurpose (and Strict) forbid and Legacy allows: non-HTTP
 * URIs (7.1.2.3(b), (c)), subjectDirectoryAttributes (j), a validity
 * over 825 days (6.3.2). */
static bool fits_multipurpose(const cs_cert *c)
{
    return only_http_uris(c) && !c->sda.present && c->validity_seconds <= DAYS_825;
}

/* The strictest generation whose generation-specific requirements the
 * certificate meets, so that what tells the generations apart never makes
 * a finding by itself; Legacy only before its sunset, when a CA could
 * still issue it. */
static uint8_t guess_generation(const cs_cert *c)
{
    if (fits_multipurpose(c))
        return fits_strict(c) ? CS_SMIME_STRICT : CS_SMIME_MULTIPURPOSE;
    bool after_sunset = c->rules_time_valid && c->rules_time >= LEGACY_SUNSET;
    return after_sunset ? CS_SMIME_MULTIPURPOSE : CS_SMIME_LEGACY;
}

cs_smime_profile cs_cert_smime_guess(const cs_cert *c)
{
    return (cs_smime_profile){ guess_type(c), guess_generation(c) };
}

void cs_cert_set_smime_guess(cs_cert *c, bool guess)
{
    if (c->smime.profile_guessed) {
        c->smime.type = CS_SMIME_TYPE_NONE;
        c->smime.generation = CS_SMIME_GEN_NONE;
        c->smime.profile_guessed = false;
    }
    if (!guess || !c->smime.subscriber || c->smime.type != CS_SMIME_TYPE_NONE)
        return;
    cs_smime_profile p = cs_cert_smime_guess(c);
    c->smime.type = p.type;
    c->smime.generation = p.generation;
    c->smime.profile_guessed = true;
}
