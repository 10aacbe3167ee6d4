/* S/MIME BR cRLDistributionPoints and authorityInformationAccess of
 * subscriber certificates (SBR 7.1.2.3 b, c), and internal names in the
 * URLs they and the CPS qualifiers point at. */
#include "smime_common.h"
#include "lint/psl.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

static bool crldp_present(const cs_cert *c) { return any_profile(c) && c->crldp.present; }
static bool crldp_present_mp_strict(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_MP | SMIME_STR) && c->crldp.present;
}
static bool aia_present(const cs_cert *c) { return any_profile(c) && c->aia.present; }
static bool aia_present_mp_strict(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_MP | SMIME_STR) && c->aia.present;
}

/* The first distributionPoint fullName URI that match() accepts, with its
 * index in that fullName in *k; NULL when there is none. */
static const cs_general_name *crldp_uri(const cs_cert *c, bool (*match)(cs_span uri), uint16_t *k)
{
    for (uint16_t i = 0; c->crldp.present && i < c->crldp.n; i++) {
        const cs_dist_point *dp = &c->crldp.items[i];
        for (uint16_t j = 0; dp->has_full_name && j < dp->full_name.n; j++) {
            const cs_general_name *g = &dp->full_name.items[j];
            if (g->type == CS_GN_URI && match(g->value)) {
                *k = j;
                return g;
            }
        }
    }
    return NULL;
}

static bool not_http(cs_span uri) { return !smime_uri_is_http(uri); }

static cs_result check_crldp_missing(const cs_cert *c, cs_detail *d)
{
    return c->crldp.present ? CS_PASS : cs_fail(d, "cRLDistributionPoints absent");
}
CS_RULE(smime_crldp_missing) = {
    SMIME_META(smime_crldp_missing, ERROR, "SBR 7.1.2.3(b)", SMIME_BR_START),
    .description = "cRLDistributionPoints extension is absent",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_subscribers_shall_have_crl_distribution_points", .pkilint = "cabf.smime.crldp_extension_missing",
    .applies = any_profile, .check = check_crldp_missing,
};

static cs_result check_crldp_critical(const cs_cert *c, cs_detail *d)
{
    return c->crldp.ext->critical ? cs_fail(d, "cRLDistributionPoints is critical") : CS_PASS;
}
CS_RULE(smime_crldp_critical) = {
    SMIME_META(smime_crldp_critical, WARNING, "SBR 7.1.2.3(b)", SMIME_BR_START),
    .description = "cRLDistributionPoints SHOULD NOT be critical",
    .applies_to = "S/MIME subscriber certificates with cRLDistributionPoints",
    .zlint = "w_ext_crl_distribution_marked_critical", .pkilint = "cabf.critical_crldp_extension,pkix.certificate_crldp_extension_critical",
    .applies = crldp_present, .check = check_crldp_critical,
};

static cs_result check_crldp_http(const cs_cert *c, cs_detail *d)
{
    uint16_t k;
    if (crldp_uri(c, smime_uri_is_http, &k))
        return CS_PASS;
    return cs_fail(d, "no distributionPoint fullName has an http:// URI");
}
CS_RULE(smime_crldp_no_http_uri) = {
    SMIME_META(smime_crldp_no_http_uri, ERROR, "SBR 7.1.2.3(b)", SMIME_BR_START),
    .description = "no distributionPoint fullName carries an http:// URI",
    .applies_to = "S/MIME subscriber certificates with cRLDistributionPoints",
    .zlint = "e_subscribers_crl_distribution_points_are_http", .pkilint = "cabf.no_http_crldp_uri",
    .applies = crldp_present, .check = check_crldp_http,
};

static cs_result check_crldp_scheme(const cs_cert *c, cs_detail *d)
{
    uint16_t k;
    if (crldp_uri(c, not_http, &k))
        return cs_fail(d, "CRL distribution point URI %u is not http://", (unsigned)k);
    return CS_PASS;
}
CS_RULE(smime_crldp_non_http_scheme) = {
    SMIME_META(smime_crldp_non_http_scheme, ERROR, "SBR 7.1.2.3(b)", SMIME_BR_START),
    .description = "a CRL distribution point URI has a scheme other than http (https included)",
    .applies_to = "S/MIME Multipurpose and Strict subscriber certificates with cRLDistributionPoints",
    .zlint = "e_subscribers_crl_distribution_points_are_http", .pkilint = "cabf.smime.crldp_fullname_prohibited_uri_scheme",
    .applies = crldp_present_mp_strict, .check = check_crldp_scheme,
};

static cs_result check_crldp_non_uri(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->crldp.n; i++) {
        const cs_dist_point *dp = &c->crldp.items[i];
        if (dp->has_relative_name)
            return cs_fail(d, "distribution point %u uses nameRelativeToCRLIssuer", (unsigned)i);
        for (uint16_t k = 0; dp->has_full_name && k < dp->full_name.n; k++)
            if (dp->full_name.items[k].type != CS_GN_URI)
                return cs_fail(d, "distribution point %u fullName has a non-URI name", (unsigned)i);
    }
    return CS_PASS;
}
CS_RULE(smime_crldp_non_uri_name) = {
    SMIME_META(smime_crldp_non_uri_name, WARNING, "SBR 7.1.2.3(b), 7.1.2.4", SMIME_BR_START),
    .description = "a distributionPoint fullName holds a non-URI GeneralName, or "
                   "nameRelativeToCRLIssuer is used",
    .applies_to = "S/MIME subscriber certificates with cRLDistributionPoints",
    .zlint = NULL, .pkilint = "cabf.smime.crldp_fullname_prohibited_generalname_type",
    .applies = crldp_present, .check = check_crldp_non_uri,
};

static cs_result check_aia_missing(const cs_cert *c, cs_detail *d)
{
    return c->aia.present ? CS_PASS : cs_fail(d, "authorityInformationAccess absent");
}
CS_RULE(smime_aia_missing) = {
    SMIME_META(smime_aia_missing, WARNING, "SBR 7.1.2.3(c)", SMIME_BR_START),
    .description = "authorityInformationAccess SHOULD be present",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = NULL, .pkilint = "cabf.aia_extension_missing",
    .applies = any_profile, .check = check_aia_missing,
};

static cs_result check_aia_critical(const cs_cert *c, cs_detail *d)
{
    return c->aia.ext->critical ? cs_fail(d, "authorityInformationAccess is critical") : CS_PASS;
}
CS_RULE(smime_aia_critical) = {
    SMIME_META(smime_aia_critical, ERROR, "SBR 7.1.2.3(c)", SMIME_BR_START),
    .description = "authorityInformationAccess marked critical",
    .applies_to = "S/MIME subscriber certificates with authorityInformationAccess",
    .zlint = "e_ext_aia_marked_critical", .pkilint = "pkix.authority_information_access_extension_critical",
    .applies = aia_present, .check = check_aia_critical,
};

/* Counts the access descriptions of a method and those with an http URI. */
static void count_method(const cs_cert *c, cs_oid_id method, unsigned *n, unsigned *http)
{
    *n = *http = 0;
    for (uint16_t i = 0; i < c->aia.n; i++) {
        const cs_access_description *a = &c->aia.items[i];
        if (a->method != method)
            continue;
        (*n)++;
        if (a->location && a->location->type == CS_GN_URI && smime_uri_is_http(a->location->value))
            (*http)++;
    }
}

static cs_result check_ca_issuers_missing(const cs_cert *c, cs_detail *d)
{
    unsigned n, http;
    count_method(c, CS_OID_AD_CA_ISSUERS, &n, &http);
    return n ? CS_PASS : cs_fail(d, "no id-ad-caIssuers access description");
}
CS_RULE(smime_aia_ca_issuers_missing) = {
    SMIME_META(smime_aia_ca_issuers_missing, WARNING, "SBR 7.1.2.3(c)(2)", SMIME_BR_START),
    .description = "authorityInformationAccess SHOULD contain an id-ad-caIssuers access description",
    .applies_to = "S/MIME subscriber certificates with authorityInformationAccess",
    .zlint = NULL, .pkilint = "cabf.aia_ca_issuers_missing",
    .applies = aia_present, .check = check_ca_issuers_missing,
};

static cs_result check_ocsp_http(const cs_cert *c, cs_detail *d)
{
    unsigned n, http;
    count_method(c, CS_OID_AD_OCSP, &n, &http);
    return n && !http ? cs_fail(d, "%u id-ad-ocsp entries, none http://", n) : CS_PASS;
}
CS_RULE(smime_aia_ocsp_no_http) = {
    SMIME_META(smime_aia_ocsp_no_http, ERROR, "SBR 7.1.2.3(c)(1)", SMIME_BR_START),
    .description = "id-ad-ocsp access descriptions present but none is an http:// URI",
    .applies_to = "S/MIME subscriber certificates with authorityInformationAccess",
    .zlint = "e_smime_legacy_aia_shall_have_one_http", .pkilint = "cabf.aia_ocsp_has_no_http_uri",
    .applies = aia_present, .check = check_ocsp_http,
};

static cs_result check_ca_issuers_http(const cs_cert *c, cs_detail *d)
{
    unsigned n, http;
    count_method(c, CS_OID_AD_CA_ISSUERS, &n, &http);
    return n && !http ? cs_fail(d, "%u id-ad-caIssuers entries, none http://", n) : CS_PASS;
}
CS_RULE(smime_aia_ca_issuers_no_http) = {
    SMIME_META(smime_aia_ca_issuers_no_http, ERROR, "SBR 7.1.2.3(c)(2)", SMIME_BR_START),
    .description = "id-ad-caIssuers access descriptions present but none is an http:// URI",
    .applies_to = "S/MIME subscriber certificates with authorityInformationAccess",
    .zlint = "e_smime_legacy_aia_shall_have_one_http", .pkilint = "cabf.aia_ca_issuers_has_no_http_uri",
    .applies = aia_present, .check = check_ca_issuers_http,
};

static cs_result check_aia_scheme(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->aia.n; i++) {
        const cs_access_description *a = &c->aia.items[i];
        if (a->method != CS_OID_AD_OCSP && a->method != CS_OID_AD_CA_ISSUERS)
            continue;
        if (a->location && a->location->type == CS_GN_URI && !smime_uri_is_http(a->location->value))
            return cs_fail(d, "%s access location is not http://", cs_oid_short_name(a->method));
    }
    return CS_PASS;
}
CS_RULE(smime_aia_non_http_scheme) = {
    SMIME_META(smime_aia_non_http_scheme, ERROR, "SBR 7.1.2.3(c)", SMIME_BR_START),
    .description = "an id-ad-ocsp or id-ad-caIssuers URI has a scheme other than http (https included)",
    .applies_to = "S/MIME Multipurpose and Strict subscriber certificates with authorityInformationAccess",
    .zlint = "e_smime_strict_aia_shall_have_http_only", .pkilint = "cabf.smime.aia_prohibited_uri_scheme",
    .applies = aia_present_mp_strict, .check = check_aia_scheme,
};

static cs_result check_aia_non_uri(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->aia.n; i++) {
        const cs_access_description *a = &c->aia.items[i];
        if (!a->location || a->location->type != CS_GN_URI)
            return cs_fail(d, "access description %u location is not a URI", (unsigned)i);
    }
    return CS_PASS;
}
CS_RULE(smime_aia_non_uri_location) = {
    SMIME_META(smime_aia_non_uri_location, ERROR, "SBR 7.1.2.3(c)", SMIME_BR_START),
    .description = "an accessLocation is not a uniformResourceIdentifier (interpretation: every "
                   "accessMethod SHALL have the URI scheme HTTP implies a URI)",
    .applies_to = "S/MIME Multipurpose and Strict subscriber certificates with authorityInformationAccess",
    .zlint = NULL, .pkilint = "cabf.smime.aia_prohibited_generalname_type",
    .applies = aia_present_mp_strict, .check = check_aia_non_uri,
};

/* Besides the reserved names smime_host_is_internal() knows, a name
 * under a TLD that is not in the IANA root zone cannot resolve publicly
 * (".zzz"): the TLS rules' root zone table decides, as it does for TLS
 * Internal Names.  IP literals are smime_host_is_internal()'s alone. */
static bool internal_host(cs_span uri)
{
    cs_span host = smime_uri_host(uri);
    if (!host.len)
        return false;
    if (smime_host_is_internal(host))
        return true;
    if (host.p[host.len - 1] == '.')
        host.len--;
    return host.len && host.p[0] != '[' && !(host.p[host.len - 1] >= '0' && host.p[host.len - 1] <= '9') &&
           !cs_psl_tld_known(host);
}

static cs_result fail_internal(cs_detail *d, cs_span uri, const char *where)
{
    cs_span host = smime_uri_host(uri);
    return cs_fail(d, "%s URI host \"%.*s\" is an internal name or reserved address", where,
                   (int)(host.len > 64 ? 64 : host.len), (const char *)host.p);
}

static cs_result check_internal_names(const cs_cert *c, cs_detail *d)
{
    uint16_t k;
    const cs_general_name *crldp = crldp_uri(c, internal_host, &k);
    if (crldp)
        return fail_internal(d, crldp->value, "CRLDP");
    for (uint16_t i = 0; c->aia.present && i < c->aia.n; i++) {
        const cs_general_name *g = c->aia.items[i].location;
        if (g && g->type == CS_GN_URI && internal_host(g->value))
            return fail_internal(d, g->value, "AIA");
    }
    for (uint16_t i = 0; i < c->policies.n_qualifiers; i++) {
        const cs_policy_qualifier *q = &c->policies.qualifiers[i];
        if (q->kind == CS_QUALIFIER_CPS && internal_host(q->cps_uri))
            return fail_internal(d, q->cps_uri, "CPS");
    }
    return CS_PASS;
}
CS_RULE(smime_uri_internal_name) = {
    SMIME_META(smime_uri_internal_name, WARNING, "SBR 7.1.2.3(b), (c)", SMIME_BR_START),
    .description = "a CRLDP, AIA or CPS URI host is an internal name (single label, reserved "
                   "pseudo-TLD such as .local/.internal/.lan/.corp, numeric TLD, a TLD not in the "
                   "IANA root zone) or a private/reserved IP literal",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "w_smime_aia_contains_internal_names", .pkilint = "cabf.internal_domain_name,cabf.internal_ip_address",
    .applies = any_profile, .check = check_internal_names,
};
