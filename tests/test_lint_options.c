/* --as-of and --smime-guess end to end: the library (csw_ruleset_open_ex,
 * csw_findings_smime_profile), `certsweep lint`, `certsweep scan` writing
 * them into summary.json and the state file, state files keeping them,
 * and merges refusing states made with different options. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/tally_data.h"
#include "certgen.h"
#include "certsweep.h"
#include "report/state.h"
#include "rulecheck.h"
#include "runcmd.h"
#include "test_api_jsoncheck.h"

static char out[1 << 18], err[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

/* tmp/name, in a directory made for this test process. */
static void in_tmp(char *path, size_t size, const char *name)
{
    static char dir[512];
    if (!dir[0])
        cs_test_tmpdir(dir, sizeof dir);
    snprintf(path, size, "%s/%s", dir, name);
}

/* A certificate of a preset without its certificatePolicies (so in S/MIME
 * scope without a profile) and keyUsage (a profile rule's finding), DER. */
static uint8_t *no_policy_serial(const char *preset, const char *serial_hex, size_t *len)
{
    cg_cert *c = cg_new(preset);
    cr_assert_not_null(c);
    if (serial_hex)
        cg_set_serial_hex(c, serial_hex);
    cg_ext_remove(c, "certificatePolicies");
    cg_ext_remove(c, "keyUsage");
    uint8_t *der = cg_der(c, len);
    cg_free(c);
    cr_assert_not_null(der);
    return der;
}

static uint8_t *no_policy(const char *preset, size_t *len) { return no_policy_serial(preset, NULL, len); }

/* Writes tmp/name; returns its path (valid until the next call). */
static const char *write_file(const char *name, const void *data, size_t len)
{
    static char path[1024];
    in_tmp(path, sizeof path, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* ---- library ------------------------------------------------------------ */

Test(lint_options, library)
{
    char e[256];
    cr_expect_null(csw_ruleset_open_ex(NULL, "2023-02-29", 0, e, sizeof e));
    cr_expect(strstr(e, "2023-02-29") != NULL, "%s", e);
    cr_expect_null(csw_ruleset_open_ex(NULL, NULL, 0x80, e, sizeof e));
    cr_expect(strstr(e, "option") != NULL, "%s", e);

    size_t len;
    uint8_t *der = no_policy("smime-sponsored-strict", &len);
    csw_ruleset *plain = csw_ruleset_open(NULL, e, sizeof e);
    csw_ruleset *guess = csw_ruleset_open_ex(NULL, NULL, CSW_RULES_SMIME_GUESS, e, sizeof e);
    cr_assert(plain && guess, "%s", e);
    csw_findings *f = csw_lint_der(plain, der, len, 0, e, sizeof e), *g = csw_lint_der(guess, der, len, 0, e, sizeof e);
    cr_assert(f && g, "%s", e);
    int guessed = -1;
    cr_expect_null(csw_findings_smime_profile(f, &guessed));
    cr_expect_eq(guessed, 0);
    cr_expect_str_eq(csw_findings_smime_profile(g, &guessed), "sponsored-strict");
    cr_expect_eq(guessed, 1);
    cr_expect_gt(csw_findings_count(g), csw_findings_count(f), "the profile rules ran");
    char *json = csw_findings_to_json(g, NULL, -1, -1);
    cr_expect(json_valid(json, strlen(json) - 1), "%s", json);
    cr_expect(strstr(json, "\"type\":\"sponsored\",\"generation\":\"strict\",\"guessed\":true") != NULL, "%s", json);
    csw_free(json);
    csw_findings_free(f);
    csw_findings_free(g);
    free(der);

    /* a reserved OID's profile, not guessed */
    cg_cert *c = cg_new("smime-individual-legacy");
    der = cg_der(c, &len);
    cg_free(c);
    g = csw_lint_der(guess, der, len, 0, e, sizeof e);
    cr_expect_str_eq(csw_findings_smime_profile(g, &guessed), "individual-legacy");
    cr_expect_eq(guessed, 0);
    csw_findings_free(g);

    /* as of the Legacy sunset */
    csw_ruleset *later = csw_ruleset_open_ex("smime_legacy_generation_after_sunset", "2025-07-15", 0, e, sizeof e);
    cr_assert_not_null(later, "%s", e);
    g = csw_lint_der(later, der, len, 0, e, sizeof e);
    cr_expect_eq(csw_findings_count(g), 1);
    csw_findings_free(g);
    csw_ruleset_close(later);
    free(der);
    csw_ruleset_close(plain);
    csw_ruleset_close(guess);
}

/* ---- certsweep lint --------------------------------------------------- */

Test(lint_options, lint_command)
{
    size_t len;
    uint8_t *der = no_policy("smime-mailbox-strict", &len);
    char path[1024];
    snprintf(path, sizeof path, "%s", write_file("mv.der", der, len));
    free(der);
    const char *bin = cs_test_certsweep();
    cr_expect_eq(run("%s lint --as-of 2025-13-01 %s", bin, path), 2);
    cr_expect(strstr(err, "2025-13-01") != NULL, "%s", err);
    cr_expect_eq(run("%s lint --as-of %s", bin, path), 2, "a missing date takes the file name");
    cr_expect_eq(run("%s lint %s", bin, path), 3);
    cr_expect(strstr(err, "guessed") == NULL, "%s", err);
    cr_expect_eq(run("%s lint --smime-guess %s", bin, path), 3);
    cr_expect(strstr(err, "S/MIME profile guessed: mailbox-strict") != NULL, "%s", err);
    cr_expect_eq(run("%s lint --smime-guess --json %s", bin, path), 3);
    cr_expect(strstr(out, "\"guessed\":true") != NULL, "%s", out);

    cg_cert *c = cg_new("smime-organization-legacy");
    der = cg_der(c, &len);
    cg_free(c);
    snprintf(path, sizeof path, "%s", write_file("ov.der", der, len));
    free(der);
    cr_expect_eq(run("%s lint %s", bin, path), 0, "%s", out);
    cr_expect_eq(run("%s lint --as-of 2025-07-15 %s", bin, path), 3);
    cr_expect(strstr(out, "smime_legacy_generation_after_sunset") != NULL, "%s", out);
}

/* ---- scan, state, merge ------------------------------------------------- */

static char *slurp(const char *path) { return (char *)cs_test_read_file(path, NULL); }

Test(lint_options, scan_summary_state_and_merge)
{
    size_t len;
    uint8_t *der = no_policy("smime-individual-multipurpose", &len);
    char input[1024];
    snprintf(input, sizeof input, "%s", write_file("in.der", der, len));
    free(der);
    /* A second scan merged with the first must read other bytes: merge
     * refuses to count the same input twice. */
    der = no_policy_serial("smime-individual-multipurpose", "5a1b2c3d4e5f60718293a4b5c6d7e8f9", &len);
    char input2[1024];
    snprintf(input2, sizeof input2, "%s", write_file("in2.der", der, len));
    free(der);
    char s1[1024], s2[1024], s3[1024], d1[1024], dm[1024];
    in_tmp(s1, sizeof s1, "s1.state");
    in_tmp(s2, sizeof s2, "s2.state");
    in_tmp(s3, sizeof s3, "s3.state");
    in_tmp(d1, sizeof d1, "r1");
    in_tmp(dm, sizeof dm, "rm");
    const char *bin = cs_test_certsweep();

    cr_expect_eq(run("%s scan -q --as-of 2020-02-30 -o %s %s", bin, d1, input), 2);
    cr_assert_eq(run("%s scan -q --as-of 2026-01-01 --smime-guess --state %s -o %s %s", bin, s1, d1, input), 0, "%s",
                 err);
    char summary[1100];
    snprintf(summary, sizeof summary, "%s/summary.json", d1);
    char *text = slurp(summary);
    cr_expect(strstr(text, "\"as_of\": \"2026-01-01\"") != NULL, "%s", text);
    cr_expect(strstr(text, "\"smime_guess\": true") != NULL, "%s", text);
    free(text);
    cr_expect_eq(cs_test_json_int(summary, "smime_profiles_guessed"), 1);

    /* the state keeps them */
    char e[512];
    cs_tally *t = cs_state_read(s1, e, sizeof e);
    cr_assert_not_null(t, "%s", e);
    int64_t day;
    cr_assert(cs_parse_date("2026-01-01", &day));
    cr_expect(t->lint.as_of_set && t->lint.as_of == day && t->lint.smime_guess);
    cr_expect_eq(t->smime_guessed, 1);
    cs_tally_free(t);

    /* same options merge (and add up); different ones are refused */
    cr_assert_eq(run("%s scan -q --as-of 2026-01-01 --smime-guess --state %s -o %s %s", bin, s2, d1, input2), 0);
    cr_expect_eq(run("%s merge -o %s %s %s", bin, dm, s1, s2), 0, "%s", err);
    snprintf(summary, sizeof summary, "%s/summary.json", dm);
    cr_expect_eq(cs_test_json_int(summary, "smime_profiles_guessed"), 2);
    text = slurp(summary);
    cr_expect(strstr(text, "\"as_of\": \"2026-01-01\"") != NULL, "%s", text);
    free(text);

    cr_assert_eq(run("%s scan -q --smime-guess --state %s -o %s %s", bin, s3, d1, input), 0);
    cr_expect_eq(run("%s merge -o %s %s %s", bin, dm, s1, s3), 1);
    cr_expect(strstr(err, "different dates") != NULL, "%s", err);
    cr_assert_eq(run("%s scan -q --as-of 2026-01-01 --state %s -o %s %s", bin, s3, d1, input), 0);
    cr_expect_eq(run("%s merge -o %s %s %s", bin, dm, s1, s3), 1);
    cr_expect(strstr(err, "--smime-guess") != NULL, "%s", err);

    /* without the options: as before (null, false, 0) */
    cr_assert_eq(run("%s scan -q --state %s -o %s %s", bin, s3, d1, input), 0);
    snprintf(summary, sizeof summary, "%s/summary.json", d1);
    text = slurp(summary);
    cr_expect(strstr(text, "\"as_of\": null") != NULL, "%s", text);
    cr_expect(strstr(text, "\"smime_guess\": false") != NULL, "%s", text);
    free(text);
    cr_expect_eq(cs_test_json_int(summary, "smime_profiles_guessed"), 0);
}
