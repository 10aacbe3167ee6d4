/* Shared pieces of the S/MIME BR rule set: profile predicates (type x
 * generation masks), the subject-attribute presence table, mailbox and URI
 * syntax helpers, and small text helpers over attribute values.
 *
 * Everything here is pure and allocation-free: rules run on many threads. */
#ifndef CS_RULES_SMIME_COMMON_H
#define CS_RULES_SMIME_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/country.h"
#include "lint/name_syntax.h"
#include "lint/rule.h"

/* Effective dates of the BR versions and ballots that changed the profile. */
#define SMIME_BR_START "2023-09-01" /* v1.0.0 (SMC01, with SMC03 already published) */
#define SMIME_BR_START_T INT64_C(1693526400)
#define SMIME_EXTANT_CA_END "2024-09-15" /* Appendix B: subscribers only from compliant S/MIME CAs */
#define SMIME_SMC06 "2024-05-11"    /* v1.0.4: attribute dependencies */
#define SMIME_SMC09 "2024-11-22"    /* v1.0.7: NTR national level for Europe */
#define SMIME_SMC011 "2025-05-14"   /* v1.0.9: orgId grammar, EUID */
#define SMIME_SMC08_SUNSET "2025-07-15" /* Legacy generation no longer issuable */
#define SMIME_SMC013 "2025-08-22"   /* v1.0.11: ML-DSA and ML-KEM */
#define SMIME_SMC013_T INT64_C(1755820800)

/* Masks over cs_smime_type / cs_smime_generation values (bit n = value n). */
enum {
    SMIME_MV = 1u << CS_SMIME_MAILBOX,
    SMIME_OV = 1u << CS_SMIME_ORGANIZATION,
    SMIME_SV = 1u << CS_SMIME_SPONSORED,
    SMIME_IV = 1u << CS_SMIME_INDIVIDUAL,
    SMIME_ALL_TYPES = SMIME_MV | SMIME_OV | SMIME_SV | SMIME_IV,
    SMIME_LEG = 1u << CS_SMIME_LEGACY,
    SMIME_MP = 1u << CS_SMIME_MULTIPURPOSE,
    SMIME_STR = 1u << CS_SMIME_STRICT,
    SMIME_ALL_GENS = SMIME_LEG | SMIME_MP | SMIME_STR,
};

/* A subscriber certificate whose profile (from its reserved S/MIME policy
 * OID, or guessed: c->smime.profile_guessed) is in the masks.  Without a
 * profile the type is NONE, which no mask holds. */
static inline bool smime_profile_in(const cs_cert *c, unsigned types, unsigned gens)
{
    return c->smime.subscriber && ((types >> c->smime.type) & 1u) && ((gens >> c->smime.generation) & 1u);
}

static inline bool smime_any_profile(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_ALL_GENS);
}

/* Defines `static bool name(const cs_cert *c)` for a profile mask. */
#define SMIME_APPLIES(name, types, gens) \
    static bool name(const cs_cert *c) { return smime_profile_in(c, (types), (gens)); }

/* The metadata every S/MIME rule shares. */
#define SMIME_META(id_, sev_, citation_, effective_)                                   \
    .id = #id_, .severity = CS_SEV_##sev_, .source = CS_SOURCE_SMIME, .citation = (citation_), \
    .effective = (effective_)

/* Subject attribute presence per profile (BR 7.1.4.2.3 - 7.1.4.2.6). */
typedef enum smime_presence {
    SMIME_ATTR_PROHIBITED = 0, /* SHALL NOT */
    SMIME_ATTR_MAY = 1,
    SMIME_ATTR_REQUIRED = 2,   /* SHALL */
} smime_presence;

/* Presence of an attribute type in a profile; attributes not in the table
 * are MAY for Legacy OV/SV/IV and SHALL NOT otherwise. */
smime_presence smime_attr_presence(cs_oid_id type, unsigned smime_type, unsigned generation);
/* True when the attribute type is one of the rows of the table. */
bool smime_attr_listed(cs_oid_id type);

/* ---- CA certificates ------------------------------------------------ */

/* SBR 7.1.2.2(g): the first of serverAuth, codeSigning, timeStamping and
 * anyExtendedKeyUsage in the certificate's extKeyUsage, or CS_OID_UNKNOWN. */
cs_oid_id smime_ca_prohibited_eku(const cs_cert *c);
/* SBR 7.1.6.3: certificatePolicies holds a reserved S/MIME OID
 * (7.1.6.1) or anyPolicy. */
bool smime_ca_policies_ok(const cs_cert *c);

/* ---- text ----------------------------------------------------------- */

/* Attribute value as UTF-8 text in buf (BMPString and UniversalString are
 * transcoded; other string types copied).  Returns the length, or -1 when
 * it does not fit or cannot be decoded.  Never allocates. */
int smime_attr_text(uint8_t tag, cs_span value, char *buf, size_t size);

/* ASCII case-insensitive equality of a span with a C string
 * (cs_span_eq_nocase for two spans). */
bool smime_span_eq_str_ci(cs_span a, const char *s);
bool smime_span_has_prefix_ci(cs_span a, const char *prefix);

/* ---- mailboxes, domains, URIs ---------------------------------------- */

/* Mailbox and domain syntax: cs_mailbox_syntax_error and
 * cs_dns_syntax_error (lint/name_syntax.h), shared with the other rule
 * families. */
/* Splits at the last '@'; false when there is none. */
bool smime_mailbox_split(cs_span m, cs_span *local, cs_span *domain);

/* True when the certificate's SAN holds this mailbox as an rfc822Name or
 * SmtpUTF8Mailbox (local part byte-exact, domain case-insensitive). */
bool smime_san_has_mailbox(const cs_cert *c, cs_span mailbox);

/* A host that cannot be a public Internet name: no dot, a reserved
 * pseudo-TLD (local, internal, lan, ...), or a private/reserved IP literal.
 * This is a heuristic stand-in for the PSL: no external data. */
bool smime_host_is_internal(cs_span host);
/* Host part of a URI ("http://user@host:80/x" -> "host"); empty when none. */
cs_span smime_uri_host(cs_span uri);
static inline bool smime_uri_is_http(cs_span uri) { return smime_span_has_prefix_ci(uri, "http://"); }

/* EU and EEA member states (ISO codes), for the NTR notes. */
bool smime_eu_eea_country(const char *cc2);

/* ISO 17442 LEI: 20 characters [0-9A-Z], ISO 7064 MOD 97-10 check == 1. */
bool smime_lei_valid(const char *s, size_t len);


/* Walks the attributes of a Name given as its whole TLV (e.g. a SAN
 * directoryName); calls fn for each until it returns false.  Returns
 * false when the bytes do not walk as a Name. */
typedef bool (*smime_attr_fn)(void *ctx, cs_oid_id type, uint8_t tag, cs_span value);
bool smime_name_walk(cs_span name_tlv, smime_attr_fn fn, void *ctx);

#endif
