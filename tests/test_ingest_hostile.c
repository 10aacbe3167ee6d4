/* Ingest under hostile input: every kind of damage is reported with its
 * input and position, counted as a record, and the rest still read where
 * the format allows; memory stays bounded. */
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest/ingest_int.h"
#include "test_ingest_util.h"

static got g;
static char dir[512];

static void setup(void) { cs_test_tmpdir(dir, sizeof dir); }
static void teardown(void)
{
    free(g.v);
    memset(&g, 0, sizeof g);
    if (*dir)
        sh("rm -rf %s", dir);
}

TestSuite(hostile, .init = setup, .fini = teardown);

static char *path(const char *name) { return in_dir(dir, name); }

static size_t slurp(const char *file, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(file, "rb");
    cr_assert_not_null(f, "%s", file);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

Test(hostile, missing_path_and_unreadable_dir)
{
    ingest(&g, "/nonexistent/certs.pem");
    cr_expect(!g.ret);
    cr_expect(strstr(g.err, "/nonexistent/certs.pem") != NULL, "%s", g.err);
    cr_expect_eq(g.n, 0);
    if (geteuid() == 0)
        return; /* root reads everything: the permission cases below cannot happen */
    sh("mkdir -p %s/d/locked %s/e && echo x > %s/d/f.pem && chmod 000 %s/d/locked %s/d/f.pem %s/e", dir, dir, dir,
       dir, dir, dir);
    ingest(&g, path("e"));
    cr_expect(!g.ret);
    ingest(&g, path("d"));
    cr_expect(g.ret);
    cr_expect_eq(g.errors, 2);
    cr_expect_str_eq(g.v[0].member, "f.pem");
    sh("chmod 755 %s/d/locked %s/e", dir, dir);
}

Test(hostile, pem_truncated_bad_base64_and_not_a_cert)
{
    sh("cd %s && f=$(ls %s/corpus/real/debian-ca-certificates | head -1) && "
       "c=%s/corpus/real/debian-ca-certificates/$f && "
       "{ printf -- '-----BEGIN CERTIFICATE-----\\n'; base64 -w64 $c | head -3; "
       "  printf -- '-----BEGIN CERTIFICATE-----\\n'; base64 -w64 $c | sed '2s/./!/'; printf -- '-----END CERTIFICATE-----\\n'; "
       "  printf -- '-----BEGIN CERTIFICATE-----\\n'; base64 -w64 $c; printf -- '-----END CERTIFICATE-----\\n'; "
       "  printf -- '-----BEGIN CERTIFICATE-----\\n'; base64 -w64 $c; printf -- '-----END X509 CRL-----\\n'; "
       "  printf -- '-----BEGIN CERTIFICATE-----\\n'; base64 -w64 $c | head -2; } > bad.pem && "
       "mkdir d && cp bad.pem d/ && head -c 3000 /dev/urandom > d/noise.bin && echo hello > d/readme.txt",
       dir, cs_test_sample_dir(), cs_test_sample_dir());
    ingest(&g, path("bad.pem"));
    cr_assert(g.ret);
    cr_expect_eq(g.n, 5);
    cr_expect_eq(g.decoded, 1, "the one intact block");
    const got_rec *r = find_error(&g, "truncated PEM");
    cr_assert_not_null(r);
    cr_expect_eq(r->line, 1);
    r = find_error(&g, "invalid base64");
    cr_assert_not_null(r);
    cr_expect(strstr(r->reason, "not base64") != NULL, "%s", r->reason);
    cr_expect_not_null(find_error(&g, "ends with END X509 CRL"));
    cr_expect_eq(g.v[4].enc, CS_REC_ERROR, "the last block never ends");
    ingest(&g, path("d"));
    cr_expect_eq(g.n, 7);
    r = find_error(&g, "not a recognized certificate format");
    cr_assert_not_null(r);
    cr_expect(strcmp(r->member, "noise.bin") == 0 || strcmp(r->member, "readme.txt") == 0);
}

Test(hostile, corrupt_gzip_and_truncated_tar)
{
    sh("cd %s && mkdir t && cp $(ls -d %s/corpus/real/*/* | head -200) t/ && "
       "tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf all.tar -C t . && "
       "gzip -nc all.tar > all.tgz && " /* the same bytes every run: the damage lands in the same place */
       "sz=$(stat -c %%s all.tgz) && cp all.tgz bad.tgz && "
       "printf 'XXXXXXXXXXXXXXXX' | dd of=bad.tgz bs=1 seek=$((sz / 2)) conv=notrunc status=none && "
       "head -c $(( $(stat -c %%s all.tar) / 2 + 100 )) all.tar > cut.tar && "
       "printf 'not gzip at all' | cat - > nothdr.gz && printf '\\037\\213\\010\\000garbage' > badhdr.gz",
       dir, cs_test_sample_dir());
    ingest(&g, path("bad.tgz"));
    cr_assert(g.ret);
    cr_expect_gt(g.decoded, 10, "what comes before the damage is read");
    cr_expect_lt(g.decoded, 200);
    cr_expect_geq(g.errors, 1);
    const got_rec *e = &g.v[g.n - 1];
    cr_expect_eq(e->enc, CS_REC_ERROR);
    cr_expect_neq(e->reason[0], '\0');

    ingest(&g, path("cut.tar"));
    cr_expect_gt(g.decoded, 50);
    cr_expect_lt(g.decoded, 200);
    cr_expect_geq(g.errors, 1, "the truncation is counted");
    cr_expect(find_error(&g, "truncat") || find_error(&g, "damaged"), "%s", g.v[g.n - 1].reason);

    ingest(&g, path("badhdr.gz"));
    cr_expect(g.ret);
    cr_expect_eq(g.errors, 1, "%zu records", g.n);
}

Test(hostile, decompression_bomb, .timeout = 60)
{
    /* A PEM BEGIN line and then newlines, twice as many as the guard lets
     * through: the framer would read on without holding anything; the
     * expansion guard stops it half-way.  In a zip each member is
     * compressed alone: the next one is read. */
    unsigned long long n = 2 * CS_BOMB_MIN;
    sh("cd %s && f=$(ls -d %s/corpus/real/debian-ca-certificates/* | head -1) && "
       "{ printf -- '-----BEGIN CERTIFICATE-----\\n'; head -c %llu /dev/zero | tr '\\0' '\\n'; } > big.pem && "
       "zstd -q -19 -o bomb.pem.zst big.pem && "
       "openssl x509 -inform der -in $f -out ok.pem && zip -q -9 -Z bzip2 bomb.zip big.pem ok.pem && rm big.pem",
       dir, cs_test_sample_dir(), n);
    ingest(&g, path("bomb.pem.zst"));
    cr_assert(g.ret);
    cr_expect_not_null(find_error(&g, "decompression bomb"));
    ingest(&g, path("bomb.zip"));
    cr_expect_not_null(find_error(&g, "decompression bomb"));
    cr_expect_eq(g.decoded, 1, "ok.pem after the bomb is still read");
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    cr_expect_lt(ru.ru_maxrss, 200 * 1024, "max RSS %ld KiB", ru.ru_maxrss);
}

Test(hostile, two_gigabyte_line, .timeout = 120)
{
    const char *c = "/corpus/real/debian-ca-certificates";
    sh("cd %s && base64 -w0 %s%s/$(ls %s%s | head -1) > one.b64 && echo >> one.b64", dir, cs_test_sample_dir(), c,
       cs_test_sample_dir(), c);
    uint8_t line[8192];
    size_t n = slurp(path("one.b64"), line, sizeof line);
    int pfd[2];
    cr_assert_eq(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        static uint8_t a[1 << 20];
        memset(a, 'A', sizeof a);
        if (write(pfd[1], line, n) != (ssize_t)n)
            _exit(1);
        for (int i = 0; i < 2048; i++) /* 2 GiB without a newline */
            if (write(pfd[1], a, sizeof a) != (ssize_t)sizeof a)
                _exit(1);
        if (write(pfd[1], "\n", 1) != 1 || write(pfd[1], line, n) != (ssize_t)n)
            _exit(1);
        _exit(0);
    }
    close(pfd[1]);
    dup2(pfd[0], 0);
    ingest(&g, "-");
    int status;
    waitpid(pid, &status, 0);
    cr_expect_eq(status, 0);
    cr_expect_eq(g.decoded, 2);
    cr_expect_eq(g.errors, 1);
    const got_rec *e = find_error(&g, "line longer than");
    cr_assert_not_null(e);
    cr_expect_eq(e->line, 2);
    cr_expect_eq(e->offset, n);
    cr_expect_eq(g.v[2].line, 3);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    cr_expect_lt(ru.ru_maxrss, 200 * 1024, "max RSS %ld KiB", ru.ru_maxrss);
}

Test(hostile, json_wrong_types)
{
    sh("cd %s && e=$(tr -d ' \\n' < %s/corpus/formats/ct-get-entries-4.json | sed -e 's/^{\"entries\":\\[//' -e 's/},{.*//')} && "
       "printf '{\"entries\":[{\"leaf_input\":5,\"extra_data\":\"AAAA\"},7,%%s,{\"leaf_input\":\"@@@@\",\"extra_data\":\"\"},"
       "{\"extra_data\":\"AAAA\"},%%s]}' \"$e\" \"$e\" > ct.json && "
       "printf '{\"entries\":{\"a\":1}}\\n{\"entries\":[%%s,' \"$e\" > ct2.json && "
       "printf '{\"raw\":12}\\n{\"raw\":\"MIIB\\x01\"}\\n{\"raw\":[\"MIIB\"]}\\nnot json\\n{\"cert\":\"MIIBAA==\"}\\n' > x.jsonl",
       dir, cs_test_sample_dir());
    ingest(&g, path("ct.json"));
    cr_assert(g.ret);
    cr_expect_eq(g.n, 6);
    cr_expect_eq(g.decoded, 2);
    cr_expect_not_null(find_error(&g, "\"leaf_input\" is a number, not a string"));
    cr_expect_not_null(find_error(&g, "is a number, not an object"));
    cr_expect_not_null(find_error(&g, "invalid base64"));
    cr_expect_not_null(find_error(&g, "no \"leaf_input\""));
    ingest(&g, path("ct2.json"));
    cr_expect_not_null(find_error(&g, "\"entries\" is an object, not an array"));
    cr_expect_eq(g.decoded, 1);
    cr_expect_not_null(find_error(&g, "truncated JSON"));
    cs_ingest_options o = { .csv_column = -1, .format = "jsonl" };
    ingest_opt(&g, path("x.jsonl"), &o);
    cr_expect_eq(g.n, 5);
    cr_expect_not_null(find_error(&g, "\"raw\" is a number"));
    cr_expect_not_null(find_error(&g, "\"raw\" is an array"));
    cr_expect_not_null(find_error(&g, "not a well-formed JSON object"));
    cr_expect_eq(g.decoded, 1, "the last line decodes (to bytes the parser will judge)");
    cr_expect_eq(g.v[3].line, 4);
}

/* A get-entries entry built here from real certificates. */
static size_t put24(uint8_t *p, size_t n)
{
    p[0] = (uint8_t)(n >> 16);
    p[1] = (uint8_t)(n >> 8);
    p[2] = (uint8_t)n;
    return 3;
}

static void write_entry(FILE *f, const uint8_t *leaf, size_t ll, const uint8_t *extra, size_t el)
{
    static uint8_t b1[1 << 16], b2[1 << 16];
    EVP_EncodeBlock(b1, leaf, (int)ll);
    EVP_EncodeBlock(b2, extra, (int)el);
    fprintf(f, "{\"leaf_input\":\"%s\",\"extra_data\":\"%s\"}", b1, b2);
}

Test(hostile, ct_precert_and_lying_lengths)
{
    static uint8_t pre[8192], signer[8192], ca[8192], leaf[20000], extra[40000];
    char f1[700];
    snprintf(f1, sizeof f1, "%s/corpus/real/sunlight-tessera", cs_test_sample_dir());
    sh("ls %s | head -1 > %s/pre", f1, dir);
    char name[100] = "";
    FILE *lf = fopen(path("pre"), "r");
    cr_assert(fgets(name, sizeof name, lf));
    fclose(lf);
    name[strcspn(name, "\n")] = '\0';
    snprintf(f1, sizeof f1, "%s/corpus/real/sunlight-tessera/%s", cs_test_sample_dir(), name);
    size_t pl = slurp(f1, pre, sizeof pre);
    snprintf(f1, sizeof f1, "%s/corpus/real/ct-cpp/db9782dd5f206f59102e8496c9a2c2028f0128443eaf45c5a8de3d53f2b14f48.der",
             cs_test_sample_dir());
    size_t sl = slurp(f1, signer, sizeof signer);
    snprintf(f1, sizeof f1, "%s/corpus/real/ct-cpp/fcf7ddf47328c08a16e067a38a0c5ce7640a299c2a1e62f9e9b6136ea7a8b82b.der",
             cs_test_sample_dir());
    size_t cl = slurp(f1, ca, sizeof ca);
    /* leaf_input: v1, timestamped_entry, ts, precert_entry, key hash, "TBS", no extensions */
    size_t n = 0;
    leaf[n++] = 0;
    leaf[n++] = 0;
    for (int i = 0; i < 8; i++)
        leaf[n++] = (uint8_t)(1700000000000ULL >> (56 - 8 * i));
    leaf[n++] = 0;
    leaf[n++] = 1;
    memset(leaf + n, 0xab, 32);
    n += 32;
    n += put24(leaf + n, pl);
    memcpy(leaf + n, pre, pl); /* stands in for the TBS */
    n += pl;
    leaf[n++] = 0;
    leaf[n++] = 0;
    size_t m = 0;
    m += put24(extra + m, pl);
    memcpy(extra + m, pre, pl);
    m += pl;
    m += put24(extra + m, 3 + sl + 3 + cl);
    m += put24(extra + m, sl);
    memcpy(extra + m, signer, sl);
    m += sl;
    m += put24(extra + m, cl);
    memcpy(extra + m, ca, cl);
    m += cl;
    FILE *f = fopen(path("pre.json"), "w");
    fputs("{\"entries\":[", f);
    write_entry(f, leaf, n, extra, m);
    fputs(",", f);
    leaf[44] ^= 0x40; /* the TBS length now runs past the leaf */
    write_entry(f, leaf, n, extra, m);
    leaf[44] ^= 0x40;
    fputs(",", f);
    write_entry(f, leaf, n, extra, m - 5); /* chain cut short */
    fputs(",", f);
    leaf[n - 1] = 9; /* extensions claim 9 bytes that are not there */
    write_entry(f, leaf, n, extra, m);
    fputs("]}", f);
    fclose(f);
    ingest(&g, path("pre.json"));
    cr_assert_eq(g.n, 4);
    cr_expect(g.v[0].ok, "%s", g.v[0].reason);
    cr_expect(g.v[0].precert);
    cr_expect_str_eq(g.v[0].sha, sha_of_name(name, (char[65]){ 0 }));
    /* The issuer is what signed the precertificate: here its signer. */
    char signer_sha[65];
    hex_sha(signer, sl, signer_sha);
    cr_expect_str_eq(g.v[0].issuer_sha, signer_sha, "the precertificate's issuer is chain[0]");
    cr_expect_eq(g.v[0].ct_timestamp, 1700000000000LL);
    cr_expect(!g.v[1].ok);
    cr_expect(strstr(g.v[1].reason, "overruns") != NULL, "%s", g.v[1].reason);
    cr_expect(!g.v[2].ok);
    cr_expect(strstr(g.v[2].reason, "chain") != NULL, "%s", g.v[2].reason);
    cr_expect(!g.v[3].ok);
    cr_expect(strstr(g.v[3].reason, "extensions length") != NULL, "%s", g.v[3].reason);
}

Test(hostile, truncated_der_tile_and_oversized)
{
    char t[700];
    snprintf(t, sizeof t, "%s/corpus/formats/static-ct-tiles/tile/data/000", cs_test_sample_dir());
    sh("cd %s && head -c 100000 %s > cut_tile && f=$(ls -d %s/corpus/real/zcrypto/* | head -2) && cat $f > two.der && "
       "head -c $(( $(cat $f | wc -c) - 10 )) two.der > cut.der && mkdir -p x/tile/data && cp cut_tile x/tile/data/000",
       dir, t, cs_test_sample_dir());
    ingest(&g, path("x"));
    cr_expect_gt(g.decoded, 10);
    const got_rec *e = find_error(&g, "truncated TileLeaf");
    cr_assert_not_null(e);
    cr_expect_str_eq(e->member, "tile/data/000");
    cr_expect_gt(e->offset, 0);
    ingest(&g, path("cut.der"));
    cr_expect_eq(g.decoded, 1);
    cr_expect_not_null(find_error(&g, "truncated DER element"));
    cs_ingest_options o = { .csv_column = -1, .max_record = 100 };
    ingest_opt(&g, path("two.der"), &o);
    cr_expect_eq(g.errors, 2);
    cr_expect_not_null(find_error(&g, "larger than the 100-byte limit"));
}
