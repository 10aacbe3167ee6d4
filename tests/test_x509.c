/* The certificate view: every decoded field, every fault kind at the
 * certificate level, parse failures, classification, hostile input.
 * Certificates are written in a small hex notation (see dsl()) so that
 * each test shows exactly the bytes it feeds the parser. */
#include <criterion/criterion.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>

#include "x509/cert.h"

/* ---- hex notation ---------------------------------------------------
 * hex pairs (spaces ignored); 'text' emits the ASCII bytes; {...} emits a
 * minimal DER length followed by the content; #N emits N bytes of 0x5A. */
static void emit(const char **s, uint8_t *out, size_t *n, size_t cap)
{
    while (**s && **s != '}') {
        char ch = **s;
        if (ch == ' ' || ch == '\n') {
            (*s)++;
        } else if (ch == '\'') {
            (*s)++;
            while (**s && **s != '\'') {
                cr_assert_lt(*n, cap);
                out[(*n)++] = (uint8_t)*(*s)++;
            }
            (*s)++;
        } else if (ch == '#') {
            (*s)++;
            size_t k = strtoul(*s, (char **)s, 10);
            cr_assert_leq(*n + k, cap);
            memset(out + *n, 0x5A, k);
            *n += k;
        } else if (ch == '{') {
            (*s)++;
            uint8_t *tmp = malloc(cap);
            size_t m = 0;
            emit(s, tmp, &m, cap);
            cr_assert_eq(**s, '}');
            (*s)++;
            cr_assert_leq(*n + m + 4, cap);
            if (m < 0x80) {
                out[(*n)++] = (uint8_t)m;
            } else if (m < 0x100) {
                out[(*n)++] = 0x81;
                out[(*n)++] = (uint8_t)m;
            } else {
                out[(*n)++] = 0x82;
                out[(*n)++] = (uint8_t)(m >> 8);
                out[(*n)++] = (uint8_t)m;
            }
            memcpy(out + *n, tmp, m);
            *n += m;
            free(tmp);
        } else {
            unsigned v;
            cr_assert_eq(sscanf(*s, "%2x", &v), 1, "bad hex at %.10s", *s);
            cr_assert_lt(*n, cap);
            out[(*n)++] = (uint8_t)v;
            *s += 2;
        }
    }
}

static uint8_t DER[65536];
static size_t DER_LEN;

static const uint8_t *dsl(const char *text)
{
    DER_LEN = 0;
    emit(&text, DER, &DER_LEN, sizeof DER);
    cr_assert_eq(*text, 0, "unbalanced } in notation");
    return DER;
}

/* ---- certificate template ------------------------------------------ */

#define SHA256RSA "30{06 09 2a864886f70d01010b 05 00}"
#define EC_P256 "30{30{06 07 2a8648ce3d0201 06 08 2a8648ce3d030107} 03{00 04 #64}}"
#define RSA2048 "30{30{06 09 2a864886f70d010101 05 00} 03{00 30{02{00 C0 #255} 02 03 010001}}}"
#define CA_NAME "30{31{30{06 03 550406 13{'US'}}} 31{30{06 03 55040a 0c{'Test CA'}}}}"
#define LEAF_NAME "30{31{30{06 03 550403 0c{'leaf'}}}}"
#define VALIDITY "30{17{'250101000000Z'} 17{'260101000000Z'}}"

#define OID_BC "06 03 551d13"
#define OID_KU "06 03 551d0f"
#define OID_EKU "06 03 551d25"
#define OID_SAN "06 03 551d11"
#define OID_CP "06 03 551d20"
#define OID_AKI "06 03 551d23"
#define OID_SKI "06 03 551d0e"
#define OID_AIA "06 08 2b06010505070101"
#define OID_CRLDP "06 03 551d1f"
#define OID_NC "06 03 551d1e"
#define OID_POISON "06 0a 2b06010401d679020403"
#define OID_SCT "06 0a 2b06010401d679020402"
#define OID_QC "06 08 2b06010505070103"
#define OID_SDA "06 03 551d09"
#define KP_EMAIL "06 08 2b06010505070304"
#define KP_SERVER "06 08 2b06010505070301"

typedef struct parts {
    const char *version, *serial, *sigalg, *issuer, *validity, *subject, *spki, *uids, *exts,
        *outer_sigalg, *sig, *after_tbs, *trailing;
} parts;

static char TEXT[65536];

static const char *or_default(const char *v, const char *d) { return v ? v : d; }

static const uint8_t *make(parts p)
{
    snprintf(TEXT, sizeof TEXT, "30{30{%s %s %s %s %s %s %s %s %s %s} %s %s} %s",
             or_default(p.version, "a0{02 01 02}"), or_default(p.serial, "02 02 0123"),
             or_default(p.sigalg, SHA256RSA), or_default(p.issuer, CA_NAME),
             or_default(p.validity, VALIDITY), or_default(p.subject, LEAF_NAME),
             or_default(p.spki, EC_P256), or_default(p.uids, ""),
             p.exts ? p.exts : "", or_default(p.after_tbs, ""),
             or_default(p.outer_sigalg, SHA256RSA), or_default(p.sig, "03{00 0102030405}"),
             or_default(p.trailing, ""));
    return dsl(TEXT);
}

/* Extensions block from extension SEQUENCEs. */
static char EXTS[32768];
static const char *exts(const char *body)
{
    size_t n = strlen(body);
    cr_assert_lt(n + 10, sizeof EXTS);
    memcpy(EXTS, "a3{30{", 6);
    memcpy(EXTS + 6, body, n);
    memcpy(EXTS + 6 + n, "}}", 3);
    return EXTS;
}

static cs_cert C;
static cs_parse_error E;

static bool parse(const uint8_t *d)
{
    memset(&E, 0, sizeof E);
    return cs_cert_parse(&C, d, DER_LEN, &E);
}

static void parse_ok(const uint8_t *d)
{
    bool ok = parse(d);
    cr_assert(ok, "parse failed: %s at %u", E.reason, E.offset);
}

static bool fault_kind(cs_fault_kind k) { return cs_faults_has(&C.faults, k); }

static uint32_t fault_offset(cs_fault_kind k)
{
    for (unsigned i = 0; i < C.faults.n; i++)
        if (C.faults.items[i].kind == k)
            return C.faults.items[i].offset;
    cr_assert_fail("fault %s not recorded", cs_fault_name(k));
    return 0;
}

static void no_faults(void)
{
    for (unsigned i = 0; i < C.faults.n; i++)
        cr_log_error("unexpected fault %s at %u", cs_fault_name(C.faults.items[i].kind),
                     C.faults.items[i].offset);
    cr_assert_eq(C.faults.n, 0);
}

static bool span_is(cs_span s, const char *text)
{
    return s.len == strlen(text) && memcmp(s.p, text, s.len) == 0;
}

/* ---- the plain fields ------------------------------------------------ */

Test(view, plain_certificate_fields)
{
    const uint8_t *d = make((parts){
        .subject = "30{31{30{06 03 550406 13{'DE'}}} 31{30{06 03 550405 13{'42'}} 30{06 03 550403 0c{'Alice'}}}}"});
    parse_ok(d);
    no_faults();
    cr_assert_eq(C.der.p, d);
    cr_assert_eq(C.der.len, DER_LEN);
    cr_assert_eq(C.version, 3);
    cr_assert(C.version_encoded);
    cr_assert_eq(C.serial.len, 2);
    cr_assert_eq(C.serial.p[0], 0x01);
    cr_assert_not(C.serial_negative);
    cr_assert_not(C.serial_zero);
    cr_assert_eq(C.serial_magnitude_len, 2);
    cr_assert_eq(C.tbs_sig_alg.id, CS_OID_SIG_SHA256_RSA);
    cr_assert_eq(C.sig_alg.id, CS_OID_SIG_SHA256_RSA);
    cr_assert(C.tbs_sig_alg.has_params);
    cr_assert(cs_span_eq_bytes(C.tbs_sig_alg.params, "\x05\x00", 2));
    cr_assert_neq(C.tbs_sig_alg.der.p, C.sig_alg.der.p); /* two places, same bytes */
    cr_assert(cs_span_eq(C.tbs_sig_alg.der, C.sig_alg.der));
    cr_assert_eq(memcmp(C.tbs_sig_alg.der.p, C.sig_alg.der.p, C.sig_alg.der.len), 0);
    cr_assert_eq(C.signature.len, 5);
    cr_assert_eq(C.sig_unused_bits, 0);
    /* issuer: C=US, O=Test CA */
    cr_assert_eq(C.issuer.n_rdns, 2);
    cr_assert_eq(C.issuer.n_attrs, 2);
    cr_assert_eq(C.issuer.attrs[0].type, CS_OID_AT_COUNTRY);
    cr_assert_eq(C.issuer.attrs[0].tag, CS_TAG_PRINTABLE_STRING);
    cr_assert(span_is(C.issuer.attrs[0].value, "US"));
    cr_assert_eq(C.issuer.attrs[1].type, CS_OID_AT_ORGANIZATION);
    cr_assert_eq(C.issuer.attrs[1].tag, CS_TAG_UTF8_STRING);
    cr_assert(span_is(C.issuer.attrs[1].value, "Test CA"));
    /* subject with a multi-valued RDN */
    cr_assert_eq(C.subject.n_rdns, 2);
    cr_assert_eq(C.subject.n_attrs, 3);
    cr_assert_eq(C.subject.attrs[1].rdn, 1);
    cr_assert_eq(C.subject.attrs[1].rdn_size, 2);
    cr_assert_eq(C.subject.attrs[2].rdn, 1);
    cr_assert_eq(C.subject.attrs[1].type, CS_OID_AT_SERIAL_NUMBER);
    cr_assert_eq(C.subject.attrs[2].type, CS_OID_AT_COMMON_NAME);
    cr_assert_eq(C.subject.attrs[0].rdn_size, 1);
    cr_assert_eq(cs_name_count(&C.subject, CS_OID_AT_COMMON_NAME), 1);
    cr_assert(span_is(cs_name_find(&C.subject, CS_OID_AT_COMMON_NAME)->value, "Alice"));
    cr_assert_null(cs_name_find(&C.subject, CS_OID_AT_EMAIL_ADDRESS));
    char buf[128];
    cs_name_to_text(&C.subject, buf, sizeof buf);
    cr_assert_str_eq(buf, "CN=Alice+serialNumber=42,C=DE");
    cs_name_to_text(&C.issuer, buf, sizeof buf);
    cr_assert_str_eq(buf, "O=Test CA,C=US");
    cr_assert_eq(cs_name_to_text(&C.issuer, buf, 4), 14); /* truncation reports the full size */
    cr_assert_str_eq(buf, "O=T");
    /* validity */
    cr_assert(C.not_before.valid && C.not_after.valid);
    cr_assert_eq(C.not_before.tag, CS_TAG_UTC_TIME);
    cr_assert_eq(C.not_before.t, 1735689600);
    cr_assert_eq(C.not_after.t, 1767225600);
    cr_assert_eq(C.validity_seconds, 1767225600 - 1735689600 + 1);
    /* key */
    cr_assert_eq(C.spki.type, CS_KEY_EC);
    cr_assert_eq(C.spki.curve, CS_OID_CURVE_P256);
    cr_assert_eq(C.spki.key_bits, 256);
    cr_assert_eq(C.spki.key.len, 65);
    cr_assert_not(C.spki.ec_explicit_params);
    cr_assert_not(C.has_extensions);
    cr_assert_eq(C.n_exts, 0);
    cr_assert_not(C.is_self_issued);
    uint8_t md[32];
    SHA256(d, DER_LEN, md);
    cr_assert_eq(memcmp(md, C.sha256, 32), 0);
}

Test(view, rsa_and_other_keys)
{
    parse_ok(make((parts){ .spki = RSA2048 }));
    cr_assert_eq(C.spki.type, CS_KEY_RSA);
    cr_assert_eq(C.spki.key_bits, 2048);
    cr_assert_eq(C.spki.rsa_modulus.len, 257);
    cr_assert(cs_span_eq_bytes(C.spki.rsa_exponent, "\x01\x00\x01", 3));
    cr_assert(cs_span_eq_bytes(C.spki.alg.params, "\x05\x00", 2));
    parse_ok(make((parts){ .spki = "30{30{06 03 2b6570} 03{00 #32}}" }));
    cr_assert_eq(C.spki.type, CS_KEY_ED25519);
    cr_assert_not(C.spki.alg.has_params);
    cr_assert_eq(C.spki.key_bits, 256);
    parse_ok(make((parts){ .spki = "30{30{06 03 2b6571} 03{00 #57}}" }));
    cr_assert_eq(C.spki.type, CS_KEY_ED448);
    parse_ok(make((parts){ .spki = "30{30{06 09 608648016503040312} 03{00 #1952}}" }));
    cr_assert_eq(C.spki.type, CS_KEY_ML_DSA);
    cr_assert_eq(C.spki.key_param_set, 65);
    parse_ok(make((parts){ .spki = "30{30{06 09 608648016503040402} 03{00 #1184}}" }));
    cr_assert_eq(C.spki.type, CS_KEY_ML_KEM);
    cr_assert_eq(C.spki.key_param_set, 768);
    parse_ok(make((parts){ .spki = "30{30{06 07 2a8648ce3d0201 06 05 2b81040022} 03{00 04 #96}}" }));
    cr_assert_eq(C.spki.curve, CS_OID_CURVE_P384);
    cr_assert_eq(C.spki.key_bits, 384);
    cr_assert(cs_span_eq_bytes(C.spki.curve_oid, "\x2b\x81\x04\x00\x22", 5));
    parse_ok(make((parts){ .spki = "30{30{06 07 2a8648ce3d0201 30{02 01 01}} 03{00 04 #64}}" }));
    cr_assert(C.spki.ec_explicit_params);
    cr_assert_eq(C.spki.key_bits, 256);
}

Test(view, version_one_and_serial_forms)
{
    parse_ok(make((parts){ .version = "", .serial = "02 01 00" }));
    cr_assert_eq(C.version, 1);
    cr_assert_not(C.version_encoded);
    cr_assert(C.serial_zero);
    parse_ok(make((parts){ .serial = "02 02 ff01" }));
    cr_assert(C.serial_negative);
    parse_ok(make((parts){ .serial = "02 09 00 8000000000000001" }));
    cr_assert_eq(C.serial_magnitude_len, 8);
    no_faults();
}

Test(view, generalized_time_after_2049)
{
    parse_ok(make((parts){ .validity = "30{17{'491231235959Z'} 18{'20500101000000Z'}}" }));
    no_faults();
    cr_assert_eq(C.not_before.t, 2524607999);
    cr_assert_eq(C.not_after.tag, CS_TAG_GENERALIZED_TIME);
    cr_assert_eq(C.not_after.t, 2524608000);
    cr_assert_eq(C.validity_seconds, 2);
}

/* ---- extensions ------------------------------------------------------ */

Test(ext, basic_constraints_key_usage_eku)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_BC " 01 01 ff 04{30{01 01 ff 02 01 03}}}"
        "30{" OID_KU " 01 01 ff 04{03 02 01 06}}"
        "30{" OID_EKU " 04{30{" KP_SERVER " " KP_EMAIL " 06 03 2a0304}}}") }));
    no_faults();
    cr_assert(C.has_extensions);
    cr_assert_eq(C.n_exts, 3);
    cr_assert(C.exts[0].critical && C.exts[0].critical_encoded && C.exts[0].decoded);
    cr_assert_not(C.exts[2].critical);
    cr_assert_not(C.exts[2].critical_encoded);
    cr_assert(C.bc.present && C.bc.ca && C.bc.ca_encoded && C.bc.has_path_len);
    cr_assert_eq(C.bc.path_len, 3);
    cr_assert_eq(C.bc.ext, &C.exts[0]);
    cr_assert(C.is_ca);
    cr_assert(C.ku.present);
    cr_assert_eq(C.ku.bits, CS_KU_KEY_CERT_SIGN | CS_KU_CRL_SIGN);
    cr_assert_eq(C.ku.unused_bits, 1);
    cr_assert_eq(C.eku.n, 3);
    cr_assert_eq(C.eku.ids[0], CS_OID_KP_SERVER_AUTH);
    cr_assert_eq(C.eku.ids[2], CS_OID_UNKNOWN);
    cr_assert(C.has_eku_server_auth && C.has_eku_email_protection && !C.has_eku_any);
    cr_assert(cs_cert_has_eku(&C, CS_OID_KP_EMAIL_PROTECTION));
    cr_assert_eq(cs_cert_find_ext(&C, CS_OID_EXT_KEY_USAGE), &C.exts[1]);
    cr_assert_null(cs_cert_find_ext(&C, CS_OID_EXT_SUBJECT_ALT_NAME));
    /* decipherOnly is bit 8: second octet */
    parse_ok(make((parts){ .exts = exts("30{" OID_KU " 04{03 03 07 80 80}}") }));
    cr_assert_eq(C.ku.bits, CS_KU_DIGITAL_SIGNATURE | CS_KU_DECIPHER_ONLY);
    no_faults();
}

Test(ext, subject_alt_name_all_forms)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_SAN " 04{30{"
        "  a0{06 08 2b06010505070809 a0{0c{'j\xc3\xb6rg@example.com'}}}" /* SmtpUTF8Mailbox */
        "  81{'a@example.com'} 82{'example.com'} a3{30 00} a4{30{31{30{06 03 550403 0c{'x'}}}}}"
        "  a5{a1{0c{'p'}}} 86{'https://example.com/'} 87{c0000201} 87{20010db8000000000000000000000001}"
        "  88{2a0304}"
        "}}}") }));
    no_faults();
    cr_assert(C.san.present && C.san.ext->decoded);
    cr_assert_eq(C.san.names.n, 10);
    const cs_general_name *g = C.san.names.items;
    cr_assert_eq(g[0].type, CS_GN_OTHER_NAME);
    cr_assert_eq(g[0].other_type, CS_OID_ON_SMTP_UTF8_MAILBOX);
    cr_assert_eq(g[0].other_tag, CS_TAG_UTF8_STRING);
    cr_assert(span_is(g[0].other_value, "j\xc3\xb6rg@example.com"));
    cr_assert_eq(g[1].type, CS_GN_RFC822);
    cr_assert(span_is(g[1].value, "a@example.com"));
    cr_assert_eq(g[2].type, CS_GN_DNS);
    cr_assert(span_is(g[2].value, "example.com"));
    cr_assert_eq(g[3].type, CS_GN_X400);
    cr_assert_eq(g[4].type, CS_GN_DIRECTORY);
    cr_assert_eq(g[4].value.p[0], 0x30);
    cr_assert_eq(g[5].type, CS_GN_EDI_PARTY);
    cr_assert_eq(g[6].type, CS_GN_URI);
    cr_assert_eq(g[7].type, CS_GN_IP);
    cr_assert_eq(g[7].value.len, 4);
    cr_assert_eq(g[8].value.len, 16);
    cr_assert_eq(g[9].type, CS_GN_REGISTERED_ID);
    cr_assert(C.has_mailbox_san);
}

Test(ext, certificate_policies_with_qualifiers)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_CP " 04{30{"
        "  30{06 07 67810c01050103 30{"
        "     30{06 08 2b06010505070201 16{'http://cps.example/'}}"
        "     30{06 08 2b06010505070202 30{30{0c{'Org'} 30{02 01 01}} 1e{0048 0069}}}}}"
        "  30{06 04 551d2000}"
        "}}}") }));
    no_faults();
    cr_assert_eq(C.policies.n, 2);
    cr_assert_eq(C.policies.items[0].id, CS_OID_POLICY_SMIME_MV_STRICT);
    cr_assert_eq(C.policies.items[0].n_qualifiers, 2);
    cr_assert_eq(C.policies.items[1].id, CS_OID_POLICY_ANY);
    cr_assert_eq(C.policies.items[1].n_qualifiers, 0);
    cr_assert_eq(C.policies.n_qualifiers, 2);
    const cs_policy_qualifier *q = &C.policies.qualifiers[C.policies.items[0].first_qualifier];
    cr_assert_eq(q[0].kind, CS_QUALIFIER_CPS);
    cr_assert(span_is(q[0].cps_uri, "http://cps.example/"));
    cr_assert_eq(q[0].cps_uri_tag, CS_TAG_IA5_STRING);
    cr_assert_eq(q[1].kind, CS_QUALIFIER_UNOTICE);
    cr_assert(q[1].has_notice_ref && q[1].has_explicit_text);
    cr_assert_eq(q[1].explicit_text_tag, CS_TAG_BMP_STRING);
    cr_assert_eq(q[1].explicit_text.len, 4);
    cr_assert(cs_cert_has_policy(&C, CS_OID_POLICY_ANY));
    cr_assert(C.smime.reserved_oid);
    cr_assert_eq(C.smime.n_reserved_oids, 1);
    cr_assert_eq(C.smime.type, CS_SMIME_MAILBOX);
    cr_assert_eq(C.smime.generation, CS_SMIME_STRICT);
    cr_assert(C.smime.subscriber);
    cr_assert_not(C.tls.subscriber);
}

Test(ext, key_identifiers_aia_crldp)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_AKI " 04{30{80 04 01020304 a1{a4{" CA_NAME "}} 82 01 07}}}"
        "30{" OID_SKI " 04{04 03 aabbcc}}"
        "30{" OID_AIA " 04{30{30{06 08 2b06010505073001 86{'http://ocsp/'}}"
        "                   30{06 08 2b06010505073002 86{'http://ca/'}}}}}"
        "30{" OID_CRLDP " 04{30{30{a0{a0{86{'http://crl/'}}}} 30{a0{a1{30{06 03 550403 0c{'x'}}}} 81 02 0560 a2{a4{" CA_NAME "}}}}}}") }));
    no_faults();
    cr_assert(C.aki.has_key_id && C.aki.has_issuer && C.aki.has_serial);
    cr_assert_eq(C.aki.key_id.len, 4);
    cr_assert_eq(C.aki.issuer.n, 1);
    cr_assert_eq(C.aki.issuer.items[0].type, CS_GN_DIRECTORY);
    cr_assert(cs_span_eq_bytes(C.aki.serial, "\x07", 1));
    cr_assert(cs_span_eq_bytes(C.ski.key_id, "\xaa\xbb\xcc", 3));
    cr_assert_eq(C.aia.n, 2);
    cr_assert_eq(C.aia.items[0].method, CS_OID_AD_OCSP);
    cr_assert_eq(C.aia.items[1].method, CS_OID_AD_CA_ISSUERS);
    cr_assert(span_is(C.aia.items[1].location->value, "http://ca/"));
    cr_assert_eq(C.crldp.n, 2);
    cr_assert(C.crldp.items[0].has_full_name);
    cr_assert_eq(C.crldp.items[0].full_name.n, 1);
    cr_assert(span_is(C.crldp.items[0].full_name.items[0].value, "http://crl/"));
    cr_assert(C.crldp.items[1].has_relative_name && C.crldp.items[1].has_reasons &&
              C.crldp.items[1].has_crl_issuer);
    cr_assert_eq(C.crldp.items[1].crl_issuer.n, 1);
}

Test(ext, name_constraints_ct_qc_sda)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_NC " 01 01 ff 04{30{a0{30{82{'example.com'}} 30{87{c0a80000ffff0000}}} a1{30{81{'bad.example'} 81 01 02}}}}}"
        "30{" OID_POISON " 01 01 ff 04{05 00}}"
        "30{" OID_SCT " 04{04{000c 0004 01020304 0004 05060708}}}"
        "30{" OID_QC " 04{30{30{06 08 2b06010505070b02} 30{06 06 04008e460101 02 01 05}}}}"
        "30{" OID_SDA " 04{30{30{06 08 2b06010505070901 31{18{'19700101000000Z'}}}}}}") }));
    cr_assert_eq(C.name_constraints.n_permitted, 2);
    cr_assert_eq(C.name_constraints.permitted[1].base->type, CS_GN_IP);
    cr_assert_eq(C.name_constraints.permitted[1].base->value.len, 8);
    cr_assert_eq(C.name_constraints.n_excluded, 1);
    cr_assert(C.name_constraints.excluded[0].has_maximum);
    cr_assert(C.ct_poison.present && C.ct_poison.value_is_null && C.is_precert);
    cr_assert_eq(C.sct_list.n_scts, 2);
    cr_assert_eq(C.qc_statements.n, 2);
    cr_assert_eq(C.qc_statements.items[0].info.len, 0);
    cr_assert_eq(C.qc_statements.items[1].info.len, 3);
    cr_assert(C.sda.present && C.sda.ext->decoded && C.sda.raw.len > 0);
    /* the 1970 GeneralizedTime inside SDA is not a certificate time: no faults at all */
    no_faults();
}

/* ---- faults at the certificate level ---------------------------------- */

Test(faults, default_values_encoded)
{
    parse_ok(make((parts){ .version = "a0{02 01 00}",
                           .exts = NULL }));
    cr_assert(fault_kind(CS_FAULT_DEFAULT_ENCODED));
    cr_assert_eq(C.version, 1);
    cr_assert(C.version_encoded);
    parse_ok(make((parts){ .exts = exts("30{" OID_BC " 01 01 00 04{30{01 01 00}}}") }));
    cr_assert_eq(C.faults.n, 2); /* critical FALSE and cA FALSE */
    cr_assert(C.exts[0].critical_encoded && !C.exts[0].critical);
    cr_assert(C.bc.ca_encoded && !C.bc.ca);
    parse_ok(make((parts){ .exts = exts("30{" OID_NC " 04{30{a0{30{82{'a'} 80 01 00}}}}}") }));
    cr_assert(fault_kind(CS_FAULT_DEFAULT_ENCODED));
    cr_assert(C.name_constraints.permitted[0].has_minimum);
}

Test(faults, unsorted_set_and_empty_rdn)
{
    /* SET OF with CN (…03) after O (…0a): not in DER order */
    parse_ok(make((parts){ .subject =
        "30{31{30{06 03 55040a 0c{'O'}} 30{06 03 550403 0c{'C'}}} 31 00}" }));
    cr_assert(fault_kind(CS_FAULT_SET_UNSORTED));
    cr_assert(fault_kind(CS_FAULT_EMPTY_SEQUENCE));
    cr_assert_eq(C.subject.n_rdns, 2);
    cr_assert_eq(C.subject.n_attrs, 2);
}

Test(faults, trailing_data)
{
    parse_ok(make((parts){ .trailing = "00 00" }));
    cr_assert(fault_kind(CS_FAULT_TRAILING_DATA));
    cr_assert_eq(fault_offset(CS_FAULT_TRAILING_DATA), DER_LEN - 2);
    cr_assert_eq(C.der.len, DER_LEN - 2); /* the view is the certificate only */
    parse_ok(make((parts){ .exts = exts("30{" OID_SKI " 04{04 01 aa 00}}") }));
    cr_assert(fault_kind(CS_FAULT_EXT_TRAILING_DATA));
    cr_assert(C.ski.ext->decoded);
    parse_ok(make((parts){ .after_tbs = "05 00" }));
    cr_assert(fault_kind(CS_FAULT_TRAILING_DATA));
}

Test(faults, bad_extension_value_is_not_a_failure)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_BC " 04{02 01 01}}"          /* not a SEQUENCE */
        "30{" OID_SCT " 04{04{0010 0004 0102}}}" /* SCT list lies about its length */
        "30{" OID_POISON " 04{05 01 00}}"
        "30{" OID_KU " 04{}}"
        "30{" OID_SKI " 24{04 01 aa}}") }));  /* constructed OCTET STRING */
    cr_assert_eq(C.n_exts, 5);
    for (unsigned i = 0; i < 5; i++)
        cr_assert_not(C.exts[i].decoded, "ext %u", i);
    cr_assert(C.bc.present && C.sct_list.present && C.ct_poison.present && C.ku.present &&
              C.ski.present);
    cr_assert_not(C.ct_poison.value_is_null);
    cr_assert(fault_kind(CS_FAULT_BAD_EXTENSION_VALUE));
    cr_assert(fault_kind(CS_FAULT_CONSTRUCTED_STRING));
    unsigned n = 0;
    for (unsigned i = 0; i < C.faults.n; i++)
        n += C.faults.items[i].kind == CS_FAULT_BAD_EXTENSION_VALUE;
    cr_assert_eq(n, 5);
    cr_assert_not(C.is_ca);
}

Test(faults, duplicates_and_empties)
{
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_SKI " 04{04 01 aa}} 30{" OID_SKI " 04{04 01 bb}}"
        "30{" OID_SAN " 04{30 00}} 30{" OID_EKU " 04{30 00}}") }));
    cr_assert(fault_kind(CS_FAULT_DUPLICATE_EXTENSION));
    cr_assert(cs_span_eq_bytes(C.ski.key_id, "\xaa", 1)); /* the first one */
    cr_assert(fault_kind(CS_FAULT_EMPTY_SEQUENCE));
    parse_ok(make((parts){ .exts = "a3{30 00}" }));
    cr_assert(C.has_extensions);
    cr_assert(fault_kind(CS_FAULT_EMPTY_SEQUENCE));
}

/* Duplicates are found by id for known OIDs and by octets for unknown
 * ones: the same unknown OID twice is a duplicate, two unknown OIDs of the
 * same length are not, nor is an unknown OID that differs from a known
 * one in its last octet. */
static unsigned duplicate_faults(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < C.faults.n; i++)
        n += C.faults.items[i].kind == CS_FAULT_DUPLICATE_EXTENSION;
    return n;
}

Test(faults, duplicates_of_known_and_unknown_oids)
{
    parse_ok(make((parts){ .exts = exts(
        "30{06 03 2a0301 04{05 00}} 30{06 03 2a0302 04{05 00}}"   /* two unknown OIDs */
        "30{06 03 551d7f 04{05 00}} 30{" OID_SKI " 04{04 01 aa}}") })); /* unknown next to a known one */
    cr_assert_eq(C.exts[0].id, CS_OID_UNKNOWN);
    cr_assert_eq(C.exts[2].id, CS_OID_UNKNOWN);
    cr_assert_eq(duplicate_faults(), 0);
    parse_ok(make((parts){ .exts = exts(
        "30{06 03 2a0301 04{05 00}} 30{" OID_SKI " 04{04 01 aa}} 30{06 03 2a0301 04{05 01}}") }));
    cr_assert_eq(duplicate_faults(), 1);
    cr_assert_eq(fault_offset(CS_FAULT_DUPLICATE_EXTENSION), (uint32_t)(C.exts[2].der.p - C.der.p));
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_SKI " 04{04 01 aa}} 30{06 03 2a0301 04{05 00}} 30{" OID_SKI " 04{04 01 bb}}") }));
    cr_assert_eq(duplicate_faults(), 1);
    cr_assert_eq(fault_offset(CS_FAULT_DUPLICATE_EXTENSION), (uint32_t)(C.exts[2].der.p - C.der.p));
}

Test(faults, too_many)
{
    static char body[32768];
    size_t pos = 0;
    for (int i = 0; i < CS_MAX_EXTENSIONS + 3; i++)
        pos += (size_t)snprintf(body + pos, sizeof body - pos, "30{06 03 2a03%02x 04 00}", i);
    parse_ok(make((parts){ .exts = exts(body) }));
    cr_assert_eq(C.n_exts, CS_MAX_EXTENSIONS);
    cr_assert(fault_kind(CS_FAULT_TOO_MANY));
    pos = (size_t)snprintf(body, sizeof body, "30{" OID_SAN " 04{30{");
    for (int i = 0; i < CS_MAX_GENERAL_NAMES + 10; i++)
        pos += (size_t)snprintf(body + pos, sizeof body - pos, "82 01 61 ");
    snprintf(body + pos, sizeof body - pos, "}}}");
    parse_ok(make((parts){ .exts = exts(body) }));
    cr_assert_eq(C.san.names.n, CS_MAX_GENERAL_NAMES);
    cr_assert(fault_kind(CS_FAULT_TOO_MANY));
}

Test(faults, time_problems)
{
    parse_ok(make((parts){ .validity = "30{17{'2501010000Z'} 18{'20260101000000Z'}}" }));
    cr_assert(fault_kind(CS_FAULT_BAD_TIME));
    cr_assert(fault_kind(CS_FAULT_TIME_WRONG_TYPE));
    cr_assert(C.not_before.valid && C.not_after.valid);
    parse_ok(make((parts){ .validity = "30{17{'25010100000Z'} 16{'260101000000Z'}}" }));
    cr_assert_not(C.not_before.valid);
    cr_assert_not(C.not_after.valid);
    cr_assert(fault_kind(CS_FAULT_BAD_TIME));
    cr_assert(fault_kind(CS_FAULT_UNEXPECTED_TAG));
    cr_assert_eq(C.validity_seconds, 0);
}

Test(faults, string_and_integer_problems)
{
    parse_ok(make((parts){ .serial = "02 03 000123",
        .subject = "30{31{30{06 03 550406 13{'D_'}}} 31{30{06 03 550403 0c{c0af}}} 31{30{06 09 2a864886f70d010901 16{e9}}}}" }));
    cr_assert(fault_kind(CS_FAULT_NONMINIMAL_INTEGER));
    cr_assert(fault_kind(CS_FAULT_BAD_PRINTABLE));
    cr_assert(fault_kind(CS_FAULT_BAD_UTF8));
    cr_assert(fault_kind(CS_FAULT_BAD_IA5));
    cr_assert_eq(C.subject.n_attrs, 3); /* still decoded */
    parse_ok(make((parts){ .serial = "02 00" }));
    cr_assert(fault_kind(CS_FAULT_EMPTY_INTEGER));
    parse_ok(make((parts){ .subject = "30{31{30{06 03 550403 1e{004100}}} 31{30{06 03 550403 1c{000041}}}}" }));
    cr_assert(fault_kind(CS_FAULT_BAD_BMP));
    cr_assert(fault_kind(CS_FAULT_BAD_UNIVERSAL));
}

Test(faults, encoding_level)
{
    parse_ok(make((parts){ .issuer = "30 81 09 31 07 30 05 06 01 55 0c 00" }));
    cr_assert(fault_kind(CS_FAULT_NONMINIMAL_LENGTH));
    parse_ok(make((parts){ .exts = exts("30{" OID_BC " 01 01 01 04{30 00}}") }));
    cr_assert(fault_kind(CS_FAULT_BAD_BOOLEAN));
    cr_assert(C.exts[0].critical);
    parse_ok(make((parts){ .exts = exts("30{06 04 2a038001 04 00}") }));
    cr_assert(fault_kind(CS_FAULT_BAD_OID));
    parse_ok(make((parts){ .exts = exts("30{" OID_KU " 04{03 02 00 06}}") })); /* trailing zero bit */
    cr_assert(fault_kind(CS_FAULT_BAD_BITSTRING));
    cr_assert_eq(C.ku.bits, CS_KU_KEY_CERT_SIGN | CS_KU_CRL_SIGN);
    parse_ok(make((parts){ .sig = "1f03{00 01}" }));
    cr_assert(fault_kind(CS_FAULT_HIGH_TAG_FORM));
    cr_assert_eq(C.signature.len, 1);
    /* indefinite lengths on the certificate and on the TBS */
    const uint8_t *d = make((parts){ 0 });
    size_t tbs_len = C.tbs.len;
    (void)tbs_len;
    char buf[8192];
    snprintf(buf, sizeof buf, "30 80 30 80 a0{02 01 02} 02 02 0123 %s %s %s %s %s 00 00 %s 03{00 01} 00 00",
             SHA256RSA, CA_NAME, VALIDITY, LEAF_NAME, EC_P256, SHA256RSA);
    d = dsl(buf);
    parse_ok(d);
    cr_assert(fault_kind(CS_FAULT_INDEFINITE_LENGTH));
    cr_assert_eq(fault_offset(CS_FAULT_INDEFINITE_LENGTH), 0);
    cr_assert_eq(C.der.len, DER_LEN);
    cr_assert_eq(C.spki.key_bits, 256);
}

/* ---- failures ------------------------------------------------------- */

static void parse_fails(const uint8_t *d, size_t len)
{
    memset(&E, 0, sizeof E);
    cr_assert_not(cs_cert_parse(&C, d, len, &E));
    cr_assert_gt(strlen(E.reason), 0);
    cr_assert_leq(E.offset, len);
}

Test(failures, unwalkable_bytes_have_a_reason)
{
    parse_fails((const uint8_t *)"", 0);
    parse_fails(NULL, 0);
    { const uint8_t *d_ = dsl("04 00"); parse_fails(d_, DER_LEN); }
    cr_assert_str_eq(E.reason, "Certificate: expected SEQUENCE (0x30), found OCTET STRING (0x04)");
    cr_assert_str_eq(E.kind, "Certificate: unexpected tag");
    { const uint8_t *d_ = dsl("30 04 30 03 02 01"); parse_fails(d_, DER_LEN); }
    cr_assert_eq(E.offset, 2);
    { const uint8_t *d_ = make((parts){ .version = "a0{02 01 05}" }); parse_fails(d_, DER_LEN); }
    cr_assert_str_eq(E.reason, "tbsCertificate.version: unknown certificate version");
    { const uint8_t *d_ = make((parts){ .subject = "31 00" }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .spki = "30{30{06 03 2b6570}}" }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .serial = "" }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .sig = "" }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .exts = "a3{31 00}" }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .exts = exts("30{" OID_SKI " 01 01 ff}") }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .issuer = "30{31{30{06 00 0c 00}}}" }); parse_fails(d_, DER_LEN); }
    { const uint8_t *d_ = make((parts){ .issuer = "30{31{04 00}}" }); parse_fails(d_, DER_LEN); }
    cr_assert_str_eq(E.reason, "tbsCertificate.issuer: attribute is not a SEQUENCE");
    { const uint8_t *d_ = make((parts){ .subject = "02 01 05" }); parse_fails(d_, DER_LEN); }
    cr_assert_str_eq(E.reason, "tbsCertificate.subject: expected SEQUENCE (0x30), found INTEGER (0x02)");
    cr_assert_str_eq(E.kind, "tbsCertificate.subject: unexpected tag");
}

Test(failures, every_truncation_is_handled)
{
    const uint8_t *d = make((parts){ .spki = RSA2048, .exts = exts(
        "30{" OID_BC " 01 01 ff 04{30{01 01 ff}}} 30{" OID_SAN " 04{30{82{'a.example'}}}}") });
    size_t len = DER_LEN;
    uint8_t *copy = malloc(len);
    memcpy(copy, d, len);
    cr_assert(cs_cert_parse(&C, copy, len, &E));
    for (size_t n = 0; n < len; n++) {
        /* A fresh allocation of exactly n bytes: ASan catches any over-read. */
        uint8_t *p = malloc(n ? n : 1);
        memcpy(p, copy, n);
        cr_assert_not(cs_cert_parse(&C, p, n, &E), "prefix %zu parsed", n);
        free(p);
    }
    free(copy);
}

Test(failures, mutations_do_not_crash)
{
    const uint8_t *d = make((parts){ .exts = exts(
        "30{" OID_BC " 01 01 ff 04{30{01 01 ff}}} 30{" OID_SAN " 04{30{82{'a.example'} a0{06 08 2b06010505070809 a0{0c{'x@y'}}}}}}"
        "30{" OID_CP " 04{30{30{06 07 67810c01050103 30{30{06 08 2b06010505070201 16{'u'}}}}}}}") });
    size_t len = DER_LEN;
    uint8_t *p = malloc(len);
    unsigned seed = 12345, ok = 0;
    for (int round = 0; round < 20000; round++) {
        memcpy(p, d, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            p[(seed >> 8) % len] = (uint8_t)(seed >> 20);
        }
        ok += cs_cert_parse(&C, p, len, &E);
    }
    free(p);
    cr_assert_gt(ok, 0); /* some mutations stay walkable */
}

/* ---- classification, TBS ---------------------------------------------- */

Test(classify, smime_and_tls)
{
    /* emailProtection + rfc822Name, no reserved policy: S/MIME subscriber */
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_EKU " 04{30{" KP_EMAIL "}}} 30{" OID_SAN " 04{30{81{'a@b.example'}}}}") }));
    cr_assert(C.smime.subscriber);
    cr_assert_not(C.smime.reserved_oid);
    cr_assert_eq(C.smime.type, CS_SMIME_TYPE_NONE);
    cr_assert_not(C.tls.subscriber);
    /* + serverAuth: S/MIME (SBR 1.1) and TLS both */
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_EKU " 04{30{" KP_EMAIL " " KP_SERVER "}}} 30{" OID_SAN " 04{30{81{'a@b.example'}}}}") }));
    cr_assert(C.smime.subscriber);
    cr_assert(C.tls.subscriber);
    /* no EKU, DNS SAN, OV policy: TLS subscriber at OV */
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_CP " 04{30{30{06 06 67810c010202}}}} 30{" OID_SAN " 04{30{82{'b.example'}}}}") }));
    cr_assert(C.tls.subscriber);
    cr_assert_eq(C.tls.level, CS_TLS_OV);
    /* pkilint order: OV legacy and MV multipurpose both present -> MV first */
    parse_ok(make((parts){ .exts = exts(
        "30{" OID_CP " 04{30{30{06 07 67810c01050201} 30{06 07 67810c01050102}}}}") }));
    cr_assert_eq(C.smime.n_reserved_oids, 2);
    cr_assert_eq(C.smime.type, CS_SMIME_MAILBOX);
    cr_assert_eq(C.smime.generation, CS_SMIME_MULTIPURPOSE);
    cr_assert(C.smime.subscriber);
    /* a CA with emailProtection issues S/MIME */
    parse_ok(make((parts){ .subject = CA_NAME, .exts = exts(
        "30{" OID_BC " 01 01 ff 04{30{01 01 ff}}} 30{" OID_EKU " 04{30{" KP_EMAIL "}}}") }));
    cr_assert(C.is_ca && C.is_self_issued);
    cr_assert(C.smime.issuing_ca);
    cr_assert_not(C.smime.subscriber);
    cr_assert_not(C.tls.subscriber);
}

Test(tbs, bare_tbs_certificate)
{
    snprintf(TEXT, sizeof TEXT, "30{a0{02 01 02} 02 01 07 %s %s %s %s %s a3{30{30{" OID_POISON " 01 01 ff 04{05 00}}}}}",
             SHA256RSA, CA_NAME, VALIDITY, LEAF_NAME, EC_P256);
    const uint8_t *d = dsl(TEXT);
    cr_assert(cs_tbs_parse(&C, d, DER_LEN, &E), "%s", E.reason);
    cr_assert(C.tbs_only);
    cr_assert_eq(C.tbs.len, DER_LEN);
    cr_assert_eq(C.der.len, DER_LEN);
    cr_assert_eq(C.sig_alg.der.len, 0);
    cr_assert_eq(C.signature.len, 0);
    cr_assert(C.is_precert);
    no_faults();
    /* a full certificate is not a TBS */
    cr_assert_not(cs_tbs_parse(&C, make((parts){ 0 }), DER_LEN, &E));
    /* and the view is reusable: parsing a certificate clears tbs_only */
    parse_ok(make((parts){ 0 }));
    cr_assert_not(C.tbs_only);
    cr_assert_not(C.is_precert);
}

Test(tbs, no_sha256_flag)
{
    const uint8_t *d = make((parts){ 0 });
    cr_assert(cs_cert_parse_ex(&C, d, DER_LEN, CS_PARSE_NO_SHA256, &E));
    static const uint8_t zero[32];
    cr_assert_eq(memcmp(C.sha256, zero, 32), 0);
}
