/* smime_rsa_weak_key_known (SBR 6.1.1.3 (5)) and tls_rsa_weak_key_known
 * (TLS BR 6.1.1.3 (5)): each fires on a certificate whose RSA key is
 * ROCA-structured, Fermat-factorable or in a Debian blocklist (keys from
 * corpus-tools/lib/weakkeys), and stays silent on a random key; the TLS
 * rule checks ROCA and Fermat only from SC-073 (2024-07-01). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys/debian_weak.h"
#include "keys/weak_rsa.h"
#include "rulecheck.h"
#include "runcmd.h"
#include "weakkeys.h"

#define SMIME_RULE "smime_rsa_weak_key_known"
#define TLS_RULE "tls_rsa_weak_key_known"

typedef enum { PLAIN, ROCA, FERMAT } kind;

static void make_key(cg_rsa *k, kind what, uint32_t seed)
{
    switch (what) {
    case PLAIN: cg_rsa_random(k, 2048, seed); break;
    case ROCA: cg_rsa_roca(k, 2048, seed); break;
    case FERMAT: cg_rsa_close_primes(k, 2048, 3, seed); break;
    }
}

/* Lints a certificate of `profile` holding key k (notBefore nb when not
 * NULL) with one rule; the detail goes to why. */
static cs_result lint(const char *rule, const char *profile, const cg_rsa *k, const char *nb, char *why, size_t size)
{
    cg_cert *c = cg_new(profile);
    cr_assert_not_null(c);
    size_t len;
    uint8_t *spki = cg_rsa_spki_der(k, &len);
    cg_set_spki_der(c, spki, len);
    free(spki);
    if (nb)
        cg_set_not_before(c, nb);
    uint8_t *der = cg_der(c, &len);
    cr_assert_not_null(der);
    cg_free(c);
    why[0] = '\0';
    cs_result r = cs_test_rule(rule, der, len, why, size);
    free(der);
    return r;
}

static void expect(const char *rule, const char *profile, kind what, const char *nb, cs_result want,
                   const char *in_detail)
{
    cg_rsa k;
    make_key(&k, what, 7);
    char why[256];
    cs_result got = lint(rule, profile, &k, nb, why, sizeof why);
    cr_expect_eq(got, want, "%s on %s key %d (notBefore %s): %d, %s", rule, profile, what, nb ? nb : "default", got,
                 why);
    if (in_detail)
        cr_expect(strstr(why, in_detail), "detail: %s", why);
    cg_rsa_free(&k);
}

TestSuite(weak_key_rules, .timeout = 120);

Test(weak_key_rules, smime_fires_on_roca_and_close_primes)
{
    unsetenv(CS_DEBIAN_WEAK_ENV);
    expect(SMIME_RULE, "smime-mailbox-strict", ROCA, NULL, CS_FAIL, "ROCA fingerprint");
    expect(SMIME_RULE, "smime-organization-multipurpose", FERMAT, NULL, CS_FAIL, "Fermat's method");
    expect(SMIME_RULE, "smime-mailbox-strict", PLAIN, NULL, CS_PASS, NULL);
    /* the preset's own pool key is not weak either */
    cg_cert *c = cg_new("smime-individual-legacy");
    cr_expect_eq(cs_test_rule_cg(SMIME_RULE, c), CS_PASS);
}

Test(weak_key_rules, tls_fires_from_sc073)
{
    unsetenv(CS_DEBIAN_WEAK_ENV);
    expect(TLS_RULE, "tls-dv", ROCA, NULL, CS_FAIL, "ROCA fingerprint");
    expect(TLS_RULE, "tls-ov", FERMAT, "2024-07-01T00:00:00Z", CS_FAIL, "Fermat's method");
    expect(TLS_RULE, "tls-dv", PLAIN, NULL, CS_PASS, NULL);
    /* before SC-073 only Debian keys were named: without a list, nothing to check */
    expect(TLS_RULE, "tls-dv", ROCA, "2024-06-30T23:59:59Z", CS_NA, NULL);
    /* an ECDSA key (the preset's) is not this rule's business */
    cg_cert *c = cg_new("tls-dv");
    cr_expect_eq(cs_test_rule_cg(TLS_RULE, c), CS_NA);
}

/* A modulus above CS_RSA_WEAK_MAX_BITS is not checked: not applicable. */
Test(weak_key_rules, oversized_moduli_not_applicable)
{
    static uint8_t n[CS_RSA_WEAK_MAX_BITS / 8 + 1];
    memset(n, 0xc3, sizeof n);
    cg_rsa big = { .n = n, .n_len = sizeof n };
    char why[256];
    cr_expect_eq(lint(SMIME_RULE, "smime-mailbox-strict", &big, NULL, why, sizeof why), CS_NA, "%s", why);
    cr_expect_eq(lint(TLS_RULE, "tls-dv", &big, NULL, why, sizeof why), CS_NA, "%s", why);
}

/* Debian weak keys with a blocklist naming the key (each Criterion test
 * is its own process: the list is read once, after this setenv). */
Test(weak_key_rules, debian_blocklist_in_both_rule_sets)
{
    cg_rsa k;
    make_key(&k, PLAIN, 7);
    uint8_t fp[CS_DEBIAN_FP_LEN];
    cs_debian_fingerprint(cs_span_make(k.n, k.n_len), fp);
    char dir[256], path[300], list[64] = "# test list\n";
    cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/blacklist.RSA-2048", dir);
    for (int i = 0; i < CS_DEBIAN_FP_LEN; i++)
        sprintf(list + strlen(list), "%02x", fp[i]);
    strcat(list, "\n");
    cs_test_write_file(path, list);
    setenv(CS_DEBIAN_WEAK_ENV, path, 1);
    cg_rsa_free(&k);

    expect(SMIME_RULE, "smime-mailbox-strict", PLAIN, NULL, CS_FAIL, "Debian weak key");
    expect(TLS_RULE, "tls-dv", PLAIN, NULL, CS_FAIL, "Debian weak key");
    expect(TLS_RULE, "tls-dv", PLAIN, "2020-01-01T00:00:00Z", CS_FAIL, "Debian weak key");
    expect(TLS_RULE, "tls-dv", ROCA, "2020-01-01T00:00:00Z", CS_PASS, NULL); /* checked for Debian only */
    char out[64], err[64];
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf '%s'", dir);
}
