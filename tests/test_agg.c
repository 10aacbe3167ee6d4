/* Tallies: counts per issuer and rule, examples, months, accounting,
 * merging, and the sanitizing of hostile strings. */
#include "test_report_fixture.h"
#include "agg/text.h"

static const char *valid_utf8_or_null(const char *s)
{
    /* Re-sanitizing clean text must change nothing. */
    static char buf[4096];
    cs_text_sanitize((const uint8_t *)s, strlen(s), buf, sizeof buf, sizeof buf - 1);
    return strcmp(buf, s) == 0 ? s : NULL;
}

Test(text, invalid_utf8_becomes_replacement_char)
{
    char out[64];
    const uint8_t in[] = { 'a', 0xC3, 0x28, 'b', 0xED, 0xA0, 0x80, 'c', 0xC0, 0xAF, 0xFF };
    cs_text_sanitize(in, sizeof in, out, sizeof out, 60);
    /* C3 28: bad continuation; ED A0 80: a surrogate; C0 AF: overlong; FF: never valid. */
    cr_assert_str_eq(out, "a\xEF\xBF\xBD(b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

Test(text, controls_and_bidi_are_neutralised)
{
    char out[64];
    const char *in = "x\xE2\x80\xAEgpj.exe\n\t\x01\xC2\x85y\xE2\x81\xA6z";
    cs_text_sanitize((const uint8_t *)in, strlen(in), out, sizeof out, 60);
    cr_assert_null(strstr(out, "\xE2\x80\xAE"), "RLO survived");
    cr_assert_null(strstr(out, "\xE2\x81\xA6"), "LRI survived");
    cr_assert_null(strchr(out, '\n'));
    cr_assert_null(strchr(out, '\t'));
    cr_assert_null(strstr(out, "\xC2\x85"), "C1 NEL survived");
    cr_assert_not_null(strstr(out, "gpj.exe"));
    cr_assert_not_null(valid_utf8_or_null(out));
}

Test(text, long_strings_are_cut_on_a_character_with_an_ellipsis)
{
    size_t n = 65536;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i += 2) {
        in[i] = (char)0xC3; /* é repeated: a cut must not split it */
        in[i + 1] = (char)0xA9;
    }
    char out[CS_TEXT_MAX + 8];
    size_t len = cs_text_sanitize((const uint8_t *)in, n, out, sizeof out, CS_TEXT_MAX);
    cr_assert_leq(len, CS_TEXT_MAX);
    cr_assert_eq(strlen(out), len);
    cr_assert_str_eq(out + len - 3, "\xE2\x80\xA6");
    cr_assert_not_null(valid_utf8_or_null(out));
    free(in);
}

Test(text, bmp_string_is_converted)
{
    const uint8_t v[] = { 0x00, 'A', 0x04, 0x14, 0xD8, 0x3D, 0xDE, 0x00, 0xD8, 0x00 };
    cs_attr a = { .tag = 30, .value = { v, sizeof v } };
    char out[64];
    cs_text_attr(&a, out, sizeof out);
    /* A, Д, U+1F600, then a lone high surrogate */
    cr_assert_str_eq(out, "A\xD0\x94\xF0\x9F\x98\x80\xEF\xBF\xBD");
}

Test(tally, counts_per_issuer_rule_and_month)
{
    cs_tally *t = fx_tally();
    cs_lint_result *r = calloc(1, sizeof *r);
    cr_assert(cs_tally_set_input(t, 0, "a.pem"));
    /* Issuer X: 3 certificates, one precert; rule A fails on two. */
    fx_cert *c1 = fx_cert_new("Org X", 5, "CA X", 4, 1, fx_date("2024-01-10"), 1, false);
    fx_cert *c2 = fx_cert_new("Org X", 5, "CA X", 4, 1, fx_date("2024-01-20"), 2, true);
    fx_cert *c3 = fx_cert_new("Org X", 5, "CA X", 4, 1, fx_date("2024-03-01"), 3, false);
    /* Same name, other AKI: another issuer. */
    fx_cert *c4 = fx_cert_new("Org X", 5, "CA X", 4, 2, INT64_MIN, 4, false);
    fx_result(r, 7, 1, "a1");
    cr_assert(cs_tally_add_cert(t, 0, &c1->c, r, NULL));
    fx_result(r, 3, 3, "a2");
    cr_assert(cs_tally_add_cert(t, 0, &c2->c, r, NULL));
    fx_result(r, 5, 4, "c3");
    cr_assert(cs_tally_add_cert(t, 0, &c3->c, r, NULL));
    fx_result(r, 1, 0, NULL);
    cr_assert(cs_tally_add_cert(t, 0, &c4->c, r, NULL));
    cr_assert(cs_tally_add_failure(t, 0));

    cr_assert_eq(cs_tally_issuer_count(t), 2);
    cr_assert_eq(cs_tally_certificates_linted(t), 4);
    cr_assert_eq(cs_tally_parse_failures(t), 1);
    cr_assert_eq(cs_tally_records_read(t), 5);

    cs_tally_issuer **v = cs_tally_sorted_issuers(t);
    const cs_tally_issuer *x = v[0];
    cr_assert_eq(x->certs, 3);
    cr_assert_eq(x->precerts, 1);
    cr_assert_eq(x->with_error, 2);
    cr_assert_eq(x->with_warning, 1);
    cr_assert_eq(x->with_notice, 1);
    cr_assert_eq(x->first_nb, fx_date("2024-01-10"));
    cr_assert_eq(x->last_nb, fx_date("2024-03-01"));
    cr_assert_eq(x->n_fails, 3);
    cr_assert_eq(cs_tally_applicable(x, 0), 3);
    cr_assert_eq(x->fails[0].failed, 2);
    cr_assert_eq(cs_tally_applicable(x, 1), 2);
    cr_assert_eq(x->fails[1].failed, 1);
    cr_assert_eq(cs_tally_applicable(x, 2), 2);
    cr_assert_eq(x->fails[2].failed, 1);
    cr_assert_eq(x->fails[0].n_examples, 2);
    cr_assert_lt(memcmp(x->fails[0].examples[0].sha256, x->fails[0].examples[1].sha256, 32), 0);
    cr_assert_str_eq(x->fails[2].examples[0].detail, "c3");
    cr_assert_eq(x->n_months, 2);
    cr_assert_eq(x->months[0].certs, 2);
    cr_assert_eq(x->months[1].certs, 1);
    cr_assert_str_eq(x->o, "Org X");
    cr_assert_str_eq(x->cn, "CA X");
    const cs_tally_issuer *y = v[1];
    cr_assert_eq(y->certs, 1);
    cr_assert_eq(y->undated, 1);
    cr_assert_eq(y->n_months, 0);
    cr_assert_eq(y->n_fails, 0);
    cr_assert_eq(cs_tally_applicable(y, 0), 1);
    free(v);
    free(c1), free(c2), free(c3), free(c4), free(r);
    cs_tally_free(t);
}

Test(tally, examples_are_the_smallest_sha256s_whatever_the_order)
{
    cs_lint_result *r = calloc(1, sizeof *r);
    fx_result(r, 1, 1, "x");
    cs_tally *fwd = fx_tally(), *rev = fx_tally();
    for (unsigned s = 0; s < 40; s++) {
        fx_cert *a = fx_cert_new("O", 1, "C", 1, 1, fx_date("2025-01-01"), s, false);
        fx_cert *b = fx_cert_new("O", 1, "C", 1, 1, fx_date("2025-01-01"), 39 - s, false);
        cr_assert(cs_tally_add_cert(fwd, 0, &a->c, r, NULL));
        cr_assert(cs_tally_add_cert(rev, 0, &b->c, r, NULL));
        free(a), free(b);
    }
    const cs_tally_rulecount *x = &fwd->issuers[0]->fails[0], *y = &rev->issuers[0]->fails[0];
    cr_assert_eq(x->n_examples, CS_TALLY_EXAMPLES);
    for (int e = 0; e < CS_TALLY_EXAMPLES; e++)
        cr_assert_eq(memcmp(x->examples[e].sha256, y->examples[e].sha256, 32), 0);
    /* And they are the smallest: no certificate has a smaller digest than the last kept. */
    for (unsigned s = 0; s < 40; s++) {
        fx_cert *a = fx_cert_new("O", 1, "C", 1, 1, 0, s, false);
        bool kept = false;
        for (int e = 0; e < CS_TALLY_EXAMPLES; e++)
            kept |= memcmp(a->c.sha256, x->examples[e].sha256, 32) == 0;
        if (!kept)
            cr_assert_gt(memcmp(a->c.sha256, x->examples[CS_TALLY_EXAMPLES - 1].sha256, 32), 0);
        free(a);
    }
    free(r);
    cs_tally_free(fwd);
    cs_tally_free(rev);
}

/* A certificate given twice is counted twice but kept as an example once,
 * with the detail it came with first (the detail is not rendered again). */
Test(tally, a_certificate_given_twice_is_one_example)
{
    cs_tally *t = fx_tally();
    cs_lint_result *r = calloc(1, sizeof *r);
    fx_cert *a = fx_cert_new("O", 1, "C", 1, 1, fx_date("2025-01-01"), 7, false);
    fx_cert *b = fx_cert_new("O", 1, "C", 1, 1, fx_date("2025-01-01"), 8, false);
    fx_result(r, 1, 1, "first");
    cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
    fx_result(r, 1, 1, "second");
    cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
    const cs_tally_rulecount *rc = &t->issuers[0]->fails[0];
    cr_assert_eq(rc->failed, 2);
    cr_assert_eq(rc->n_examples, 1);
    cr_assert_str_eq(rc->examples[0].detail, "first");
    /* Another certificate is still taken, and the pair stays sorted. */
    cr_assert(cs_tally_add_cert(t, 0, &b->c, r, NULL));
    cr_assert_eq(rc->n_examples, 2);
    cr_assert_lt(memcmp(rc->examples[0].sha256, rc->examples[1].sha256, 32), 0);
    free(a), free(b), free(r);
    cs_tally_free(t);
}

Test(tally, merge_refuses_other_rule_sets)
{
    cs_tally *a = fx_tally();
    cs_tally *b = cs_tally_new_rules(fx_rules, 2);
    char err[256];
    cr_assert_not(cs_tally_compatible(a, b, err, sizeof err));
    cr_assert_not_null(strstr(err, "rule"), "%s", err);
    cr_assert_not(cs_tally_merge(a, b));
    cs_tally_free(a);
    cs_tally_free(b);
}

Test(tally, memory_is_per_issuer_not_per_certificate)
{
    /* 200k certificates of 2 issuers: the tally must stay tiny. */
    cs_tally *t = fx_tally();
    cs_lint_result *r = calloc(1, sizeof *r);
    fx_cert *a = fx_cert_new("O", 1, "A", 1, 1, fx_date("2025-01-01"), 1, false);
    fx_cert *b = fx_cert_new("O", 1, "B", 1, 1, fx_date("2025-02-01"), 1, false);
    for (unsigned s = 0; s < 100000; s++) {
        memcpy(a->c.sha256, &s, sizeof s);
        memcpy(b->c.sha256, &s, sizeof s);
        fx_result(r, 7, s % 3 ? 0 : 5, "d");
        cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
        cr_assert(cs_tally_add_cert(t, 1, &b->c, r, NULL));
    }
    cr_assert_eq(cs_tally_issuer_count(t), 2);
    cr_assert_eq(cs_tally_records_read(t), 200000);
    for (size_t i = 0; i < 2; i++) {
        cr_assert_eq(t->issuers[i]->n_fails, 2);
        cr_assert_leq(t->issuers[i]->cap_fails, 4);
        cr_assert_eq(t->issuers[i]->n_months, 1);
        cr_assert_eq(cs_tally_applicable(t->issuers[i], 0), 100000);
        cr_assert_eq(t->issuers[i]->fails[0].failed, 33334);
        cr_assert_leq(t->issuers[i]->fails[0].n_examples, CS_TALLY_EXAMPLES);
    }
    /* One detail text, interned once. */
    cr_assert_eq(t->n_strings, 1);
    free(a), free(b), free(r);
    cs_tally_free(t);
}

/* Counts widen to 64 bits when an addition would pass 2^32 - 1: added
 * directly, or folded in from an issuer's pending runs when other sets
 * push them out (agg/applicable_runs.h). */
Test(tally, applicable_counts_widen_past_32_bits)
{
    cs_tally *t = fx_tally();
    cs_lint_result *r = calloc(1, sizeof *r);
    fx_cert *a = fx_cert_new("O", 1, "A", 1, 1, fx_date("2025-01-01"), 1, false);
    fx_result(r, 1, 0, NULL);
    cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
    cs_tally_issuer *is = t->issuers[0];
    cr_assert(cs_tally_add_applicable(t, is, 0, UINT32_MAX - 1));
    cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
    cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
    cr_assert_eq(cs_tally_applicable(is, 0), (uint64_t)UINT32_MAX + 2);
    cr_assert_null(is->app64); /* three certificates still pending */
    /* Other sets push rule 0's run out: its 3 no longer fit in 32 bits. */
    for (unsigned set = 2; set < 8; set++) {
        fx_result(r, set, 0, NULL);
        cr_assert(cs_tally_add_cert(t, 0, &a->c, r, NULL));
    }
    cr_assert_not_null(is->app64);
    cr_assert_eq(cs_tally_applicable(is, 0), (uint64_t)UINT32_MAX + 2 + 3); /* sets 3, 5, 7 have rule 0 */
    cr_assert(cs_tally_add_applicable(t, is, 0, UINT32_MAX));
    cr_assert_eq(cs_tally_applicable(is, 0), (uint64_t)UINT32_MAX * 2 + 5);
    free(a), free(r);
    cs_tally_free(t);
}
