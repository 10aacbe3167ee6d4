/* "An input is complete only when it was read to its end and every
 * record in it was counted" (issue 14): the decompression guard, leading
 * zeros, damaged archives, static-ct partial tiles, JSON Lines cut short,
 * symbolic links out of a directory, and parse errors that name the
 * field, counted by kind.  Every input is made here (OpenSSL, the
 * archivers), none comes from ../shared. */
#include "rulecheck.h"
#include "ingest/ingest_int.h"
#include "test_ingest_util.h"
#include "x509/cert.h"

static got g;
static char dir[512];
static char out[1 << 16], err[1 << 16];

#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    make_certs(dir, 3);
}

static void teardown(void)
{
    free(g.v);
    memset(&g, 0, sizeof g);
    if (*dir)
        sh("rm -rf %s", dir);
}

TestSuite(complete, .init = setup, .fini = teardown, .timeout = 300);

static char *path(const char *name) { return in_dir(dir, name); }

static bool complete(void) { return g.st.incomplete[0] == '\0' && atomic_load(&g.st.finished); }

static char *slurp_text(const char *file)
{
    size_t len;
    return (char *)cs_test_read_file(file, &len);
}

/* ---- item 1: the decompression guard (plain files: test_large_inputs.c) -- */

Test(complete, decompression_bomb_makes_the_input_incomplete)
{
    /* Twice what the guard lets through. */
    sh("cd %s && { printf -- '-----BEGIN CERTIFICATE-----\\n'; head -c %llu /dev/zero | tr '\\0' '\\n'; } "
       "| zstd -q -19 -o bomb.pem.zst",
       dir, (unsigned long long)(2 * CS_BOMB_MIN));
    ingest(&g, path("bomb.pem.zst"));
    cr_assert(g.ret);
    cr_expect_not_null(find_error(&g, "decompression bomb"));
    cr_expect(strstr(g.st.incomplete, "decompression bomb") != NULL, "reason: '%s'", g.st.incomplete);
    /* On the command line: reports written, marked partial, exit 5. */
    int rc = run("cd %s && %s scan -q -o rep bomb.pem.zst", dir, cs_test_certsweep());
    cr_expect_eq(rc, 5, "exit %d: %s", rc, err);
    cr_expect(strstr(err, "incomplete") != NULL, "%s", err);
    char *s = slurp_text(path("rep/summary.json"));
    cr_expect(strstr(s, "\"partial\": true") != NULL);
    cr_expect(strstr(s, "\"complete\": false, \"incomplete_reason\": \"read error at byte") != NULL, "%s", s);
    cr_expect(strstr(s, "{\"kind\": \"read error: expands more than\", \"count\": 1}") != NULL, "%s", s);
    free(s);
}

/* ---- item 2: leading zero bytes ------------------------------------------ */

Test(complete, leading_zeros_do_not_hide_what_follows)
{
    sh("cd %s && { head -c 512 /dev/zero; cat c0.pem; } > z512.pem && "
       "{ head -c 100000 /dev/zero; cat c0.der c1.der; } > z100k.der && "
       "gzip -c z512.pem > z512.pem.gz && head -c 1048576 /dev/zero | gzip > zeros.gz",
       dir);
    ingest(&g, path("z512.pem"));
    cr_expect_eq(g.decoded, 1, "the PEM after 512 zero bytes");
    cr_expect_eq(g.n, 1);
    cr_expect(complete());
    ingest(&g, path("z512.pem.gz"));
    cr_expect_eq(g.decoded, 1, "... also compressed");
    ingest(&g, path("z100k.der"));
    cr_expect_eq(g.decoded, 2, "the DER after 100,000 zero bytes");
    cr_expect_eq(g.v[0].offset, 100000);
    /* Nothing but zeros: said, and counted. */
    ingest(&g, path("zeros.gz"));
    cr_expect_eq(g.n, 1);
    const got_rec *e = find_error(&g, "1048576 zero bytes and nothing else");
    cr_expect_not_null(e, "%s", g.n ? g.v[0].reason : "no record");
}

/* ---- item 3: damaged archives -------------------------------------------- */

Test(complete, damaged_archives_are_incomplete)
{
    sh("cd %s && mkdir t && for i in $(seq 1 40); do openssl req -x509 -newkey ec -pkeyopt "
       "ec_paramgen_curve:P-256 -nodes -keyout /dev/null -subj /CN=m$i -days 30 -outform DER -out t/m$i.der "
       "2>/dev/null || exit 1; done && tar czf all.tgz -C t . && "
       "head -c $(( $(stat -c %%s all.tgz) / 2 )) all.tgz > cut.tgz && "
       "(cd t && zip -q -0 ../all.zip *) && cp all.zip bad.zip && "
       "printf 'XXXXXXXXXXXXXXXXXXXXXXXX' | dd of=bad.zip bs=1 seek=$(( $(stat -c %%s all.zip) / 3 )) conv=notrunc "
       "status=none",
       dir);
    ingest(&g, path("all.tgz"));
    cr_expect_eq(g.decoded, 40);
    cr_expect(complete(), "%s", g.st.incomplete);
    ingest(&g, path("cut.tgz"));
    cr_expect_lt(g.decoded, 40);
    cr_expect_geq(g.errors, 1);
    cr_expect(!complete(), "a tar.gz cut at 50%% is incomplete");
    cr_expect_neq(g.st.incomplete[0], '\0');
    ingest(&g, path("bad.zip"));
    cr_expect(!complete(), "a zip with corrupted bytes is incomplete (%zu decoded, %zu errors)", g.decoded, g.errors);
    cr_expect_geq(g.errors + g.failed, 1);

    int rc = run("cd %s && %s scan -q -o rep --state s.state all.tgz cut.tgz", dir, cs_test_certsweep());
    cr_expect_eq(rc, 5, "exit %d: %s", rc, err);
    cr_expect(strstr(err, "cut.tgz: incomplete: ") != NULL, "%s", err);
    cr_expect(strstr(err, "partial") != NULL, "%s", err);
    /* The state file keeps the reasons and the failure kinds. */
    cr_expect_eq(run("cd %s && %s report s.state -o rep2 && cmp rep/summary.json rep2/summary.json", dir,
                     cs_test_certsweep()),
                 0, "%s%s", out, err);
    char *s = slurp_text(path("rep/summary.json"));
    cr_expect(strstr(s, "\"partial\": true") != NULL);
    cr_expect(strstr(s, "\"name\": \"all.tgz\", \"records_read\": 40, \"certificates_linted\": 40, "
                        "\"parse_failures\": 0, \"complete\": true, \"incomplete_reason\": null") != NULL,
              "%s", s);
    cr_expect(strstr(s, "\"name\": \"cut.tgz\"") && strstr(s, "\"complete\": false, \"incomplete_reason\": \""),
              "%s", s);
    free(s);
    s = slurp_text(path("rep/index.html"));
    cr_expect(strstr(s, "Partial scan:") != NULL);
    cr_expect(strstr(s, "<b>incomplete:</b> ") != NULL);
    free(s);
    /* records_read = certificates_linted + parse_failures, always. */
    long long rd = cs_test_json_int(path("rep/summary.json"), "records_read");
    cr_expect_eq(rd, cs_test_json_int(path("rep/summary.json"), "certificates_linted") +
                         cs_test_json_int(path("rep/summary.json"), "parse_failures"));
}

/* Tars joined with cat hold an end-of-archive mark between them: reading
 * stops at the end of the file, past any number of zero blocks. */
Test(complete, concatenated_tars_are_read_whole)
{
    sh("cd %s && tar cf a.tar c0.der c1.der && tar cf b.tar c2.der && cat a.tar b.tar > ab.tar && "
       "gzip -c a.tar > a.tgz && gzip -c b.tar > b.tgz && cat a.tgz b.tgz > ab.tgz && "
       "{ cat a.tar; head -c 1024 /dev/zero | tr '\\0' X; } > junk.tar && "
       "{ cat a.tar; head -c 4096 /dev/zero; } > zeros.tar && { cat a.tar; head -c 100 /dev/zero; } > cut.tar",
       dir);
    ingest(&g, path("a.tar"));
    cr_expect_eq(g.decoded, 2);
    cr_expect(complete(), "%s", g.st.incomplete);
    ingest(&g, path("ab.tar"));
    cr_expect_eq(g.decoded, 3, "both archives of a cat'ed tar read");
    cr_expect(complete(), "%s", g.st.incomplete);
    ingest(&g, path("ab.tgz"));
    cr_expect_eq(g.decoded, 3, "both archives of a cat'ed tar.gz read");
    cr_expect(complete(), "%s", g.st.incomplete);
    ingest(&g, path("zeros.tar"));
    cr_expect_eq(g.decoded, 2);
    cr_expect(complete(), "zero blocks after the end: %s", g.st.incomplete);
    /* A tar is made of 512-byte blocks: a part of one at the end is a cut. */
    ingest(&g, path("cut.tar"));
    cr_expect_eq(g.decoded, 2);
    cr_expect(strstr(g.st.incomplete, "Truncated tar archive") != NULL, "reason: '%s'", g.st.incomplete);
    ingest(&g, path("junk.tar"));
    cr_expect_eq(g.decoded, 2);
    cr_expect(!complete(), "bytes after the end of a tar that are not an archive make it incomplete");
    cr_expect(strstr(g.st.incomplete, "damaged") != NULL, "reason: '%s'", g.st.incomplete);
}

/* ---- item 9: static-ct partial tiles -------------------------------------- */

/* A data tile of leaves first..first+count-1 (x509 entries of c0.der) at
 * dir/name. */
static void write_tile(const char *name, int first, int count)
{
    size_t der_len;
    uint8_t *der = cs_test_read_file(path("c0.der"), &der_len);
    sh("mkdir -p $(dirname %s)", path(name));
    FILE *f = fopen(path(name), "wb");
    cr_assert_not_null(f);
    for (int i = first; i < first + count; i++) {
        uint8_t h[13] = { 0, 0, 0x01, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        h[7] = (uint8_t)i; /* timestamp (2024) */
        h[10] = (uint8_t)(der_len >> 16);
        h[11] = (uint8_t)(der_len >> 8);
        h[12] = (uint8_t)der_len;
        uint8_t ext[10] = { 0, 8, 0, 0, 5, 0, 0, 0, (uint8_t)(i >> 8), (uint8_t)i }; /* leaf_index */
        uint8_t fp[2] = { 0, 0 };
        fwrite(h, 1, sizeof h, f);
        fwrite(der, 1, der_len, f);
        fwrite(ext, 1, sizeof ext, f);
        fwrite(fp, 1, sizeof fp, f);
    }
    fclose(f);
    free(der);
}

static void expect_each_entry_once(size_t n)
{
    cr_expect_eq(g.n, n, "%zu records for %zu entries", g.n, n);
    cr_expect_eq(g.decoded, g.n);
    bool seen[600] = { false };
    for (size_t i = 0; i < g.n; i++) {
        int64_t x = g.v[i].ct_index;
        cr_assert(x >= 0 && x < 600);
        cr_expect(!seen[x], "entry %lld counted twice", (long long)x);
        seen[x] = true;
    }
}

Test(complete, partial_tile_superseded_by_the_full_tile)
{
    write_tile("log/tile/data/000", 0, 256);
    write_tile("log/tile/data/001", 256, 256);
    write_tile("log/tile/data/001.p/10", 256, 10);
    write_tile("log/tile/data/002.p/5", 512, 5);
    write_tile("log/tile/data/002.p/3", 512, 3);
    ingest(&g, path("log"));
    expect_each_entry_once(256 + 256 + 5);
    /* An archive may hold the partial tile before the full one. */
    sh("cd %s/log && tar cf ../log.tar tile/data/001.p/10 tile/data/002.p/3 tile/data/000 tile/data/001 "
       "tile/data/002.p/5",
       dir);
    ingest(&g, path("log.tar"));
    expect_each_entry_once(256 + 256 + 5);
    cr_expect(complete());
}

/* ---- item 10: JSON Lines cut short, symbolic links out of the tree -------- */

Test(complete, json_line_without_closing_brace_is_an_error)
{
    sh("cd %s && b=$(base64 -w0 c0.der) && printf '{\"raw\":\"%%s\"}\\n{\"raw\":\"%%s\"\\n{\"raw\":\"%%s\"} x\\n' "
       "$b $b $b > x.jsonl",
       dir);
    ingest(&g, path("x.jsonl"));
    cr_expect_eq(g.n, 3);
    cr_expect_eq(g.decoded, 1);
    cr_expect_eq(g.failed, 2);
    const got_rec *e = find_error(&g, "truncated JSON object");
    cr_assert_not_null(e);
    cr_expect_eq(e->line, 2);
    cr_expect_not_null(find_error(&g, "not a well-formed JSON object"));
}

Test(complete, directory_walk_stays_inside_the_tree)
{
    sh("cd %s && mkdir -p d/sub && printf 'SECRET-BYTES-0123456789' > outside.txt && cp c1.pem outside.pem && "
       "cp c0.pem d/sub/in.pem && ln -s ../../outside.txt d/sub/a.txt && ln -s %s/outside.pem d/b.pem && "
       "ln -s sub/in.pem d/c.pem",
       dir, dir);
    ingest(&g, path("d"));
    cr_assert(g.ret);
    /* c.pem (inside) and sub/in.pem: c0 twice; nothing of outside.* */
    cr_expect_eq(g.decoded, 2);
    cr_expect_eq(g.errors, 2);
    for (size_t i = 0; i < g.n; i++) {
        cr_expect(strstr(g.v[i].reason, "SECRET") == NULL && strstr(g.v[i].reason, "534543") == NULL,
                  "%s", g.v[i].reason);
        if (!g.v[i].ok)
            cr_expect(strstr(g.v[i].reason, "outside the input directory") != NULL, "%s", g.v[i].reason);
    }
    cr_expect(complete());
}

/* ---- item 14: parse errors name the field; counted by kind ---------------- */

/* A Certificate whose validity is an INTEGER: at byte 26. */
static const uint8_t bad_validity[] = {
    0x30, 0x1b, 0x30, 0x19,
    0xa0, 0x03, 0x02, 0x01, 0x02,                                     /* version */
    0x02, 0x01, 0x01,                                                 /* serialNumber */
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, /* signature */
    0x30, 0x00,                                                       /* issuer */
    0x02, 0x01, 0x05,                                                 /* validity? */
};

Test(complete, parse_error_names_field_and_tags)
{
    cs_cert *c = malloc(sizeof *c);
    cr_assert_not_null(c);
    cs_parse_error e;
    cr_assert(!cs_cert_parse(c, bad_validity, sizeof bad_validity, &e));
    cr_expect_str_eq(e.reason, "tbsCertificate.validity: expected SEQUENCE (0x30), found INTEGER (0x02)");
    cr_expect_str_eq(e.kind, "tbsCertificate.validity: unexpected tag");
    cr_expect_eq(e.offset, 26);
    /* A truncated one: the field and "element missing". */
    cr_assert(!cs_cert_parse(c, (const uint8_t *)"\x30\x03\x30\x01\x05", 5, &e));
    cr_expect(strncmp(e.reason, "tbsCertificate", 14) == 0, "%s", e.reason);
    free(c);
}

Test(complete, parse_failures_first_few_then_by_kind)
{
    char p[700];
    snprintf(p, sizeof p, "%s/bad.der", dir);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    for (int i = 0; i < 25; i++)
        fwrite(bad_validity, 1, sizeof bad_validity, f);
    fclose(f);
    sh("cd %s && cat c0.der >> bad.der", dir);
    int rc = run("cd %s && %s scan -q -j 2 -o rep bad.der", dir, cs_test_certsweep());
    cr_expect_eq(rc, 0, "every record was read and counted: complete (%s)", err);
    size_t named = 0;
    for (const char *q = err; (q = strstr(q, "tbsCertificate.validity: expected SEQUENCE (0x30), found INTEGER "
                                             "(0x02) at byte 26")) != NULL; q++)
        named++;
    cr_expect_eq(named, 10, "the first 10 are named:\n%s", err);
    cr_expect(strstr(err, "more parse failures not shown") != NULL, "%s", err);
    cr_expect(strstr(err, "25 parse failures by kind:") != NULL, "%s", err);
    cr_expect(strstr(err, "        25  tbsCertificate.validity: unexpected tag") != NULL, "%s", err);
    char *s = slurp_text(path("rep/summary.json"));
    cr_expect(strstr(s, "\"parse_failure_kinds\": [\n    {\"kind\": \"tbsCertificate.validity: unexpected tag\", "
                        "\"count\": 25}\n  ]") != NULL,
              "%s", s);
    free(s);
    cr_expect_eq(cs_test_json_int(path("rep/summary.json"), "records_read"), 26);
    cr_expect_eq(cs_test_json_int(path("rep/summary.json"), "parse_failures"), 25);
}
