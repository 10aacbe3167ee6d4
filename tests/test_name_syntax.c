/* The shared name syntaxes (src/lint/name_syntax.c) and the ISO 3166
 * table (src/lint/country.c): the one definition every rule family uses,
 * at the edges the RFCs and BRs draw. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "certgen.h"
#include "lint/country.h"
#include "lint/name_syntax.h"
#include "rulecheck.h"

static cs_span S(const char *s) { return cs_span_make(s, strlen(s)); }

static const char *dns(const char *s, unsigned o) { return cs_dns_syntax_error(S(s), o); }
static const char *mbox(const char *s) { return cs_mailbox_syntax_error(S(s)); }

#define VALID(e, what) cr_expect_null((e), "%s: %s", what, (e))
#define INVALID(e, what) cr_expect_not_null((e), "%s accepted", what)

Test(dns_syntax, preferred_name_syntax)
{
    static const char *const ok[] = { "example.com", "a.b.c", "EXAMPLE.Com", "3com.example", "xn--bcher-kva.example",
                                      "a-b.c", "localhost" };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        VALID(dns(ok[i], 0), ok[i]);
    static const char *const bad[] = { "", " ", "a..b", ".a", "a.", "-a.b", "a-.b", "a b.c", "a_b.c", "*.a.b",
                                       "a.*.b", "é.example", "a/b.c" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        INVALID(dns(bad[i], 0), bad[i]);
    cr_expect_str_eq(dns("a.", 0), "trailing dot");
    cr_expect_str_eq(dns("a..b", 0), "empty label");
    cr_expect_str_eq(dns(" ", 0), "single space (the 'empty' dNSName)");
}

Test(dns_syntax, lengths)
{
    char label[80];
    memset(label, 'a', 63);
    strcpy(label + 63, ".com");
    VALID(dns(label, 0), "63-octet label");
    memset(label, 'a', 64);
    strcpy(label + 64, ".com");
    cr_expect_str_eq(dns(label, 0), "label longer than 63 octets");
    char name[300];
    size_t n = 0;
    for (int k = 0; k < 127; k++) { /* "a.a. ... .a": 127 labels, 253 octets */
        if (k)
            name[n++] = '.';
        name[n++] = 'a';
    }
    name[n] = '\0';
    cr_assert_eq(strlen(name), 253);
    VALID(dns(name, 0), "253 octets");
    strcat(name, "a");
    cr_expect_str_eq(dns(name, 0), "longer than 253 octets");
}

Test(dns_syntax, options)
{
    INVALID(dns("*.example.com", 0), "wildcard without the option");
    VALID(dns("*.example.com", CS_DNS_WILDCARD), "wildcard");
    cr_expect_str_eq(dns("*", CS_DNS_WILDCARD), "wildcard without a domain");
    cr_expect_str_eq(dns("a.*.example", CS_DNS_WILDCARD), "wildcard not the whole leftmost label");
    cr_expect_str_eq(dns("f*o.example", CS_DNS_WILDCARD), "wildcard not the whole leftmost label");
    cr_expect_str_eq(dns("a_b.example", 0), "underscore in a label");
    VALID(dns("a_b.example", CS_DNS_UNDERSCORE), "underscore allowed");
    /* Reserved LDH labels: only valid P-Labels */
    VALID(dns("ab--cd.example", 0), "R-LDH label without the option");
    cr_expect_str_eq(dns("ab--cd.example", CS_DNS_NO_RESERVED_LDH),
                     "reserved LDH label ('--' in positions 3-4, not xn--)");
    VALID(dns("xn--bcher-kva.example", CS_DNS_NO_RESERVED_LDH), "valid P-Label");
    cr_expect_str_eq(dns("xn--a-b.example", CS_DNS_NO_RESERVED_LDH), "xn-- label that is not a valid P-Label");
    /* a P-Label is valid Punycode, not necessarily an IDNA2008 A-label */
    VALID(dns("xn--lv8haa.example.com", CS_DNS_NO_RESERVED_LDH), "emoji P-Label");
}

Test(punycode, plabel)
{
    cr_expect(cs_plabel_valid((const uint8_t *)"ls8h", 4));      /* U+1F4A9: not IDNA2008, still Punycode */
    cr_expect(cs_plabel_valid((const uint8_t *)"bcher-kva", 9));
    cr_expect_not(cs_plabel_valid((const uint8_t *)"a-b", 3));   /* truncated variable-length integer */
    cr_expect_not(cs_plabel_valid((const uint8_t *)"zz", 2));
    cr_expect_not(cs_plabel_valid((const uint8_t *)"", 0));
    cr_expect_not(cs_plabel_valid((const uint8_t *)"99999999", 8));
}

Test(punycode, rfc3492)
{
    cr_expect(cs_punycode_valid((const uint8_t *)"bcher-kva", 9));     /* bücher */
    cr_expect(cs_punycode_valid((const uint8_t *)"mgbh0fb", 7));       /* Arabic */
    cr_expect_not(cs_punycode_valid((const uint8_t *)"abc-", 4));      /* decodes to ASCII only */
    cr_expect_not(cs_punycode_valid((const uint8_t *)"a-b", 3));       /* truncated variable-length integer */
    cr_expect_not(cs_punycode_valid((const uint8_t *)"", 0));
    cr_expect_not(cs_punycode_valid((const uint8_t *)"a!b", 3));       /* not a base-36 digit */
    cr_expect_not(cs_punycode_valid((const uint8_t *)"99999999", 8));  /* overflow past U+10FFFF */
    /* IDNA2008 through libidn2: case-insensitive A-labels, but a U-label
     * must be valid (no symbols, no upper case) and encode back exactly. */
    cr_expect(cs_punycode_valid((const uint8_t *)"BCHER-KVA", 9));
    cr_expect_not(cs_punycode_valid((const uint8_t *)"ls8h", 4));      /* U+1F4A9, DISALLOWED */
    cr_expect_not(cs_punycode_valid((const uint8_t *)"a", 1));         /* decodes to nothing */
}

/* RFC 5321 4.1.2 Mailbox, as RFC 5280 4.2.1.6 and the S/MIME BR use it. */
Test(mailbox_syntax, local_part)
{
    static const char *const ok[] = { "alice@example.com", "a.b+tag@example.com", "!#$%&'*+-/=?^_`{|}~@x.example",
                                       "\"a b\"@example.com", "\"a\\\"b\"@example.com", "\"a@b\"@example.com",
                                       "\"\"@example.com" };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        VALID(mbox(ok[i]), ok[i]);
    cr_expect_str_eq(mbox(""), "empty address");
    cr_expect_str_eq(mbox("alice"), "no '@'");
    cr_expect_str_eq(mbox("@example.com"), "empty local part");
    cr_expect_str_eq(mbox(".a@example.com"), "local part starts or ends with a dot");
    cr_expect_str_eq(mbox("a.@example.com"), "local part starts or ends with a dot");
    cr_expect_str_eq(mbox("a..b@example.com"), "consecutive dots in local part");
    cr_expect_str_eq(mbox("a b@example.com"), "bad character in local part");
    cr_expect_str_eq(mbox("a@b@example.com"), "bad character in local part");
    cr_expect_str_eq(mbox("j\xc3\xbcrgen@example.com"), "non-ASCII octet in local part");
    cr_expect_str_eq(mbox("\"a@example.com"), "unterminated quoted local part");
    cr_expect_str_eq(mbox("\"a\x01\"@example.com"), "bad character in quoted local part");
    char local[80];
    memset(local, 'a', 64);
    strcpy(local + 64, "@example.com");
    VALID(mbox(local), "64-octet local part");
    memset(local, 'a', 65);
    strcpy(local + 65, "@example.com");
    cr_expect_str_eq(mbox(local), "local part longer than 64 octets"); /* RFC 5321 4.5.3.1.1 */
}

Test(mailbox_syntax, domain_and_address_literals)
{
    cr_expect_str_eq(mbox("a@"), "empty domain");
    cr_expect_str_eq(mbox("a@example..com"), "domain not in preferred name syntax");
    cr_expect_str_eq(mbox("a@example.com."), "domain not in preferred name syntax");
    cr_expect_str_eq(mbox("a@ex_ample.com"), "domain not in preferred name syntax");
    /* address literals (RFC 5321 4.1.3): valid ones pass, where the two
     * old checkers disagreed (one took any bracketed text, one none) */
    VALID(mbox("user@[192.0.2.1]"), "IPv4 literal");
    VALID(mbox("user@[010.0.2.255]"), "IPv4 literal with leading zeros (Snum = 1*3DIGIT)");
    VALID(mbox("user@[IPv6:2001:db8::1]"), "IPv6 literal");
    VALID(mbox("user@[ipv6:::ffff:192.0.2.1]"), "IPv6 literal, tag case-insensitive, IPv4 tail");
    cr_expect_str_eq(mbox("user@[192.0.2.256]"), "address literal that is not an IPv4 address");
    cr_expect_str_eq(mbox("user@[192.0.2]"), "address literal that is not an IPv4 address");
    cr_expect_str_eq(mbox("user@[]"), "address literal that is not an IPv4 address");
    cr_expect_str_eq(mbox("user@[not an address]"), "address literal that is not an IPv4 address");
    cr_expect_str_eq(mbox("user@[IPv6:2001:db8::g]"), "IPv6 address literal that is not an IPv6 address");
    cr_expect_str_eq(mbox("user@[x-tag:whatever]"), "address literal with a tag other than IPv6");
    cr_expect_str_eq(mbox("user@[192.0.2.1"), "unterminated address literal");
}

Test(country, iso3166_alpha2)
{
    static const char *const ok[] = { "US", "DE", "AX", "BQ", "SS", "ZW", "AD" };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        cr_expect(cs_iso3166_alpha2(S(ok[i])), "%s", ok[i]);
    static const char *const bad[] = { "XX", "ZZ", "AA", "UK", "EU", "us", "U", "USA", "", "U1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(cs_iso3166_alpha2(S(bad[i])), "%s", bad[i]);
}

/* ---- the rules that use them agree ------------------------------------ */

static cs_result rfc822_rule(const char *rule, const char *mailbox)
{
    cg_cert *c = cg_new("smime-mailbox-strict");
    cr_assert_not_null(c);
    char san[160];
    snprintf(san, sizeof san, "email:%s", mailbox);
    cr_assert(cg_ext_set(c, "subjectAltName", false, san));
    return cs_test_rule_cg(rule, c);
}

/* The RFC 5280 and the S/MIME rfc822Name rules used to disagree on
 * address literals; both now give the one answer of cs_mailbox_syntax_error. */
Test(mailbox_syntax, rfc5280_and_smime_rules_agree)
{
    static const char *const rules[] = { "rfc5280_san_rfc822_syntax", "smime_rfc822_invalid_syntax" };
    for (size_t i = 0; i < 2; i++) {
        cr_expect_eq(rfc822_rule(rules[i], "alice@example.com"), CS_PASS, "%s", rules[i]);
        cr_expect_eq(rfc822_rule(rules[i], "alice@[192.0.2.1]"), CS_PASS, "%s: IPv4 literal", rules[i]);
        cr_expect_eq(rfc822_rule(rules[i], "alice@[IPv6:2001:db8::1]"), CS_PASS, "%s: IPv6 literal", rules[i]);
        cr_expect_eq(rfc822_rule(rules[i], "alice@[example]"), CS_FAIL, "%s: bogus literal", rules[i]);
        cr_expect_eq(rfc822_rule(rules[i], "alice..b@example.com"), CS_FAIL, "%s: dots", rules[i]);
    }
}

/* TLS and S/MIME country rules share the table; both accept XX. */
Test(country, tls_and_smime_rules_share_the_table)
{
    static const struct { const char *profile, *rule; } r[] = {
        { "tls-ov", "tls_country_not_iso" },
        { "smime-organization-strict", "smime_country_invalid" },
    };
    for (size_t i = 0; i < 2; i++) {
        static const char *const codes[] = { "DE", "XX", "UK", "EU" };
        static const cs_result want[] = { CS_PASS, CS_PASS, CS_FAIL, CS_FAIL };
        for (size_t k = 0; k < 4; k++) {
            cg_cert *c = cg_new(r[i].profile);
            cr_assert_not_null(c);
            cg_subject_remove(c, "C");
            cg_subject_add(c, "C", codes[k], 19);
            cr_expect_eq(cs_test_rule_cg(r[i].rule, c), want[k], "%s %s", r[i].rule, codes[k]);
        }
    }
}
