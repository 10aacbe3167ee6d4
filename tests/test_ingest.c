/* Ingest: every record format and every container/filter, built from the
 * real certificates and dump samples of tests/data/real-sample.  A decoded
 * certificate is checked against the SHA-256 its corpus file is named by. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_ingest_util.h"

static got g;
static char dir[512];

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
}

static void teardown(void)
{
    free(g.v);
    memset(&g, 0, sizeof g);
    if (*dir)
        sh("rm -rf %s", dir);
}

TestSuite(ingest, .init = setup, .fini = teardown);

/* Every record decoded, in list order, to the certificate of that name. */
static void expect_list(const got *x, size_t n)
{
    char path[600], line[128], want[65];
    snprintf(path, sizeof path, "%s/list", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t i = 0;
    while (fgets(line, sizeof line, f) && i < x->n) {
        sha_of_name(line, want);
        cr_expect(x->v[i].ok, "record %zu decodes: %s", i, x->v[i].reason);
        cr_expect_str_eq(x->v[i].sha, want, "record %zu is %s", i, want);
        i++;
    }
    fclose(f);
    cr_expect_eq(x->n, n, "%zu records", n);
    cr_expect_eq(x->errors + x->failed, 0);
}

Test(ingest, formats_listed)
{
    cr_assert_geq(cs_format_count(), 8);
    const char *want[] = { "auto", "pem", "der", "base64", "ct-json", "tile", "csv", "jsonl" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_expect(cs_format_known(want[i]), "%s known", want[i]);
    for (size_t i = 0; i < cs_format_count(); i++) {
        cr_expect(cs_format_get(i)->name && *cs_format_get(i)->description);
        cr_expect(cs_format_known(cs_format_get(i)->name));
    }
    cr_expect(!cs_format_known("nope"));
    cr_expect(!cs_format_known(NULL));
    cr_expect_null(cs_format_get(cs_format_count()));
}

Test(ingest, der_directory_sorted_exact)
{
    char d[600];
    snprintf(d, sizeof d, "%s/corpus/real/debian-ca-certificates", cs_test_sample_dir());
    ingest(&g, d);
    cr_assert(g.ret, "%s", g.err);
    cr_expect_eq(g.n, 41);
    cr_expect_eq(g.decoded, 41);
    cr_expect(g.seq_ok);
    cr_expect(atomic_load(&g.st.finished));
    cr_expect_eq(atomic_load(&g.st.records), 41);
    cr_expect_gt(atomic_load(&g.st.total_bytes), 0);
    cr_expect_eq(atomic_load(&g.st.bytes_read), atomic_load(&g.st.total_bytes));
    char want[65];
    for (size_t i = 0; i < g.n; i++) {
        cr_expect_str_eq(g.v[i].sha, sha_of_name(g.v[i].member, want));
        cr_expect_eq(g.v[i].enc, CS_REC_DER);
        cr_expect_eq(g.v[i].ct_index, -1);
        if (i)
            cr_expect_lt(strcmp(g.v[i - 1].member, g.v[i].member), 0, "sorted");
    }
}

Test(ingest, whole_sample_recursive)
{
    char d[600];
    snprintf(d, sizeof d, "%s/corpus/real", cs_test_sample_dir());
    expect_tree_decodes(&g, d, 662);
}

Test(ingest, pem_with_text_trusted_x509_labels)
{
    pick_certs(dir, "debian-ca-certificates", 6);
    /* 1: text + CERTIFICATE; 2: X509 CERTIFICATE; 3: TRUSTED CERTIFICATE
     * (with OpenSSL aux data); a private key block (skipped); one-line PEM. */
    sh("cd %s && i=0; while read f; do i=$((i+1)); case $i in "
       "2) printf -- '-----BEGIN X509 CERTIFICATE-----\\n'; base64 -w64 certs/$f; printf -- '-----END X509 CERTIFICATE-----\\n';; "
       "3) openssl x509 -inform der -in certs/$f -trustout -addtrust emailProtection;; "
       "4) printf '# Issuer: someone\\n-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n'; "
       "   printf -- '-----BEGIN CERTIFICATE-----\\n'; base64 -w76 certs/$f; printf -- '-----END CERTIFICATE-----\\n';; "
       "5) printf 'x = \"-----BEGIN CERTIFICATE-----'; base64 -w0 certs/$f; printf -- '-----END CERTIFICATE-----\"\\n';; "
       "*) openssl x509 -inform der -in certs/$f -text;; esac; printf 'some text\\n\\n'; done < list > b.pem", dir);
    char p[600];
    snprintf(p, sizeof p, "%s/b.pem", dir);
    ingest(&g, p);
    cr_assert(g.ret);
    expect_list(&g, 6);
    cr_expect_eq(g.v[2].enc, CS_REC_PEM_TRUSTED);
    cr_expect_eq(g.v[0].enc, CS_REC_BASE64);
    /* Line numbers: where each BEGIN is, 1-based. */
    sh("grep -n -- '-----BEGIN [A-Z0-9 ]*CERTIFICATE' %s/b.pem | cut -d: -f1 > %s/lines", dir, dir);
    snprintf(p, sizeof p, "%s/lines", dir);
    FILE *f = fopen(p, "r");
    for (size_t i = 0; i < g.n; i++) {
        unsigned long long l = 0;
        cr_assert_eq(fscanf(f, "%llu", &l), 1);
        cr_expect_eq(g.v[i].line, l, "record %zu begins on line %llu, not %llu", i, l,
                     (unsigned long long)g.v[i].line);
    }
    fclose(f);
    cr_expect_str_eq(g.v[0].member, "");
}

Test(ingest, stdin)
{
    pick_certs(dir, "debian-ca-certificates", 5);
    sh("cd %s && while read f; do openssl x509 -inform der -in certs/$f; done < list > in.pem", dir);
    char p[600];
    snprintf(p, sizeof p, "%s/in.pem", dir);
    int fd = open(p, O_RDONLY);
    cr_assert_geq(fd, 0);
    /* Through a pipe, as a real "-" would be: not seekable. */
    int pfd[2];
    cr_assert_eq(pipe(pfd), 0);
    if (fork() == 0) {
        char buf[4096];
        ssize_t n;
        close(pfd[0]);
        while ((n = read(fd, buf, sizeof buf)) > 0)
            if (write(pfd[1], buf, (size_t)n) != n)
                _exit(1);
        _exit(0);
    }
    close(pfd[1]);
    dup2(pfd[0], 0);
    ingest(&g, "-");
    cr_assert(g.ret);
    expect_list(&g, 5);
    cr_expect_eq(atomic_load(&g.st.total_bytes), 0);
    cr_expect_eq(atomic_load(&g.st.bytes_read), (uint64_t)lseek(fd, 0, SEEK_END));
}

Test(ingest, concatenated_der_offsets)
{
    pick_certs(dir, "cfssl-trust-bundles", 12);
    sh("cd %s && while read f; do cat certs/$f; done < list > all.der", dir);
    char p[600];
    snprintf(p, sizeof p, "%s/all.der", dir);
    ingest(&g, p);
    expect_list(&g, 12);
    uint64_t off = 0;
    for (size_t i = 0; i < g.n; i++) {
        cr_expect_eq(g.v[i].offset, off);
        off += g.v[i].len;
    }
}

Test(ingest, base64_lines)
{
    pick_certs(dir, "cfssl-trust-bundles", 9);
    sh("cd %s && while read f; do base64 -w0 certs/$f; printf '\\r\\n'; done < list > all.b64", dir);
    char p[600];
    snprintf(p, sizeof p, "%s/all.b64", dir);
    ingest(&g, p);
    expect_list(&g, 9);
    for (size_t i = 0; i < g.n; i++)
        cr_expect_eq(g.v[i].line, i + 1);
}

Test(ingest, csv_rapid7_and_columns)
{
    pick_certs(dir, "trust-stores-observatory", 8);
    sh("cd %s && while read f; do printf '%%s,%%s\\n' $(sha1sum certs/$f | cut -c1-40) $(base64 -w0 certs/$f); "
       "done < list > certs.csv && (echo 'id,cert,seen'; while read f; do printf 'x,\"%%s\",2020-01-01\\n' "
       "$(base64 -w0 certs/$f); done < list) > cols.csv",
       dir);
    char p[600];
    snprintf(p, sizeof p, "%s/certs.csv", dir);
    ingest(&g, p);
    expect_list(&g, 8);
    cr_expect_eq(g.v[0].enc, CS_REC_CSV_LINE);
    /* Column 1, quoted, after a header line (skipped, not counted). */
    snprintf(p, sizeof p, "%s/cols.csv", dir);
    cs_ingest_options o = { .csv_column = 1 };
    ingest_opt(&g, p, &o);
    expect_list(&g, 8);
    cr_expect_eq(g.v[0].line, 2);
    /* The last column (default) is a year, not base64: each line fails. */
    ingest(&g, p);
    cr_expect_eq(g.failed, 8);
    cr_expect(strstr(g.v[0].reason, "base64") != NULL, "%s", g.v[0].reason);
}

Test(ingest, jsonl_fields)
{
    pick_certs(dir, "zcrypto", 7);
    sh("cd %s && i=0; while read f; do i=$((i+1)); b=$(base64 -w0 certs/$f); case $i in "
       "1) printf '{\"raw\":\"%%s\",\"n\":1}\\n' $b;; 2) printf '{\"x\":[1,{\"a\":\"}\"}],\"cert_der\":\"%%s\"}\\n' $b;; "
       "3) printf '{\"as_der\":\"%%s\"}\\n' $b | sed 's#/#\\\\/#g';; "
       "4) printf '{\"message_type\":\"certificate_update\",\"data\":{\"update_type\":\"PrecertLogEntry\","
       "\"leaf_cert\":{\"as_der\":\"%%s\"},\"cert_index\":42}}\\n' $b;; "
       "*) printf '  {\"certificate\" : \"%%s\"}\\n\\n' $b;; esac; done < list > c.jsonl; "
       "while read f; do printf '{\"meta\":{\"der\":\"%%s\"}}\\n' $(base64 -w0 certs/$f); done < list > nested.jsonl",
       dir);
    char p[600];
    snprintf(p, sizeof p, "%s/c.jsonl", dir);
    ingest(&g, p);
    expect_list(&g, 7);
    cr_expect_eq(g.v[0].enc, CS_REC_JSON_LINE);
    cr_expect(g.v[3].precert);
    cr_expect_eq(g.v[3].ct_index_dec, 42);
    cr_expect(!g.v[0].precert);
    snprintf(p, sizeof p, "%s/nested.jsonl", dir);
    cs_ingest_options o = { .csv_column = -1, .json_field = "meta.der" };
    ingest_opt(&g, p, &o);
    expect_list(&g, 7);
}

Test(ingest, ct_get_entries_sample)
{
    char p[600];
    snprintf(p, sizeof p, "%s/corpus/formats/ct-get-entries-4.json", cs_test_sample_dir());
    ingest(&g, p);
    cr_assert(g.ret);
    cr_assert_eq(g.n, 4);
    cr_expect_eq(g.decoded, 4);
    for (size_t i = 0; i < 4; i++) {
        cr_expect_eq(g.v[i].enc, CS_REC_CT_ENTRY);
        cr_expect(!g.v[i].precert);
        cr_expect_eq(g.v[i].ct_index, -1);
        cr_expect_neq(g.v[i].issuer_sha[0], '\0', "entry %zu has its issuer from the chain", i);
        cr_expect_geq(g.v[i].ct_timestamp, 1364258252899LL);
        cr_expect_lt(g.v[i].ct_timestamp, 1364258252899LL + 86400000LL);
        if (i)
            cr_expect_gt(g.v[i].offset, g.v[i - 1].offset);
    }
    cr_expect_eq(g.v[0].ct_timestamp, 1364258252899LL);
    /* The index is known when the saved name says where the batch starts. */
    sh("cp %s '%s/get-entries?start=1000&end=1003'", p, dir);
    snprintf(p, sizeof p, "%s/get-entries?start=1000&end=1003", dir);
    ingest(&g, p);
    for (size_t i = 0; i < g.n; i++)
        cr_expect_eq(g.v[i].ct_index, 1000 + (int64_t)i);
    /* Bare entries one per line, and the same response twice. */
    snprintf(p, sizeof p, "%s/corpus/formats/ct-get-entries-4.json", cs_test_sample_dir());
    sh("tr -d ' \\n' < %s | sed -e 's/^{\"entries\":\\[//' -e 's/\\]}$//' -e 's/},{/}\\n{/g' > %s/lines.json && "
       "test $(wc -l < %s/lines.json) = 3 && cat %s %s > %s/two.json",
       p, dir, dir, p, p, dir);
    snprintf(p, sizeof p, "%s/lines.json", dir);
    ingest(&g, p);
    cr_expect_eq(g.decoded, 4, "bare entries: %zu decoded, %zu errors", g.decoded, g.errors);
    snprintf(p, sizeof p, "%s/two.json", dir);
    ingest(&g, p);
    cr_expect_eq(g.decoded, 8);
}

Test(ingest, static_ct_tiles)
{
    char p[600];
    snprintf(p, sizeof p, "%s/corpus/formats/static-ct-tiles", cs_test_sample_dir());
    ingest(&g, p);
    cr_assert(g.ret, "%s", g.err);
    /* Hash and names tiles are skipped: the sample has the full data tile
     * 000 and the partial tile 003.p/10, which no full tile 003 supersedes
     * (that case: tests/test_ingest_complete.c). */
    cr_expect_eq(g.errors, 0);
    cr_expect_eq(g.n, 256 + 10);
    for (size_t i = 0; i < g.n; i++)
        cr_expect_eq(g.v[i].ct_index, (int64_t)(i < 256 ? i : 3 * 256 + i - 256), "entry %zu once, in order", i);
    cr_expect_eq(g.decoded, g.n);
    for (size_t i = 0; i < g.n; i++) {
        cr_expect_eq(g.v[i].enc, CS_REC_TILE_LEAF);
        cr_expect(g.v[i].precert);
        cr_expect_eq(g.v[i].ct_index, g.v[i].ct_index_dec);
    }
    /* tile/data/000 comes first (sorted), entries 0..255 in order. */
    for (size_t i = 0; i < 256; i++)
        cr_expect_eq(g.v[i].ct_index, (int64_t)i);
    cr_expect_str_eq(g.v[0].member, "tile/data/000");
    cr_expect_eq(g.v[0].ct_timestamp, 0x0196 * 0x100000000LL + 0x97235bfdLL);
    /* Each precertificate is one of the real ones of the corpus. */
    char q[800];
    size_t found = 0;
    for (size_t i = 0; i < g.n; i += 97) {
        snprintf(q, sizeof q, "%s/corpus/real/sunlight-tessera/%s.der", cs_test_sample_dir(), g.v[i].sha);
        found += access(q, R_OK) == 0;
    }
    cr_expect_eq(found, (g.n + 96) / 97);
}

/* Builds each container and filter with the system tools and checks the
 * records and member names. */
Test(ingest, containers_and_filters)
{
    pick_certs(dir, "debian-igtf-policy", 10);
    sh("cd %s && while read f; do openssl x509 -inform der -in certs/$f; done < list > all.pem && "
       "mkdir -p t/sub && cp certs/* t/sub/ && cp all.pem t/ && "
       "tar cf plain.tar -C t . && tar --format=gnu -czf gnu.tgz -C t . && tar --format=pax -cjf pax.tar.bz2 -C t . && "
       "tar --format=v7 -cJf v7.tar.xz -C t . && tar --format=ustar -cf - -C t . | zstd -q -o us.tar.zst && "
       "tar cf - -C t . | lz4 -q > x.tar.lz4 && (cd t && zip -qr ../z.zip .) && "
       "(cd t && find . -type f | sort | cpio -o -H newc --quiet > ../c.cpio) && "
       "(cd t && 7z a -bd ../s.7z . >/dev/null) && "
       "gzip -c all.pem > one.pem.gz && zstd -q -c all.pem > one.pem.zst && xz -c all.pem > one.pem.xz && "
       "bzip2 -c all.pem > one.pem.bz2 && lz4 -q -c all.pem > one.pem.lz4 && gzip -c plain.tar | gzip > dbl.tar.gz.gz",
       dir);
    const char *names[] = { "plain.tar", "gnu.tgz", "pax.tar.bz2", "v7.tar.xz", "us.tar.zst", "x.tar.lz4",
                            "z.zip", "c.cpio", "s.7z", "dbl.tar.gz.gz" };
    char p[600];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[k]);
        ingest(&g, p);
        cr_assert(g.ret, "%s: %s", names[k], g.err);
        cr_expect_eq(g.decoded, 20, "%s: 10 DER + 10 PEM, got %zu (%zu errors: %s)", names[k], g.decoded, g.errors,
                     g.errors ? g.v[0].reason : "");
        cr_expect_eq(g.errors + g.failed, 0, "%s", names[k]);
        size_t pem = 0, der = 0;
        for (size_t i = 0; i < g.n; i++) {
            pem += strcmp(g.v[i].member, "all.pem") == 0;
            der += strncmp(g.v[i].member, "sub/", 4) == 0;
        }
        cr_expect_eq(pem, 10, "%s: member names (%s)", names[k], g.n ? g.v[0].member : "");
        cr_expect_eq(der, 10, "%s", names[k]);
        cr_expect_gt(atomic_load(&g.st.bytes_read), 0);
    }
    const char *single[] = { "one.pem.gz", "one.pem.zst", "one.pem.xz", "one.pem.bz2", "one.pem.lz4" };
    for (size_t k = 0; k < sizeof single / sizeof single[0]; k++) {
        snprintf(p, sizeof p, "%s/%s", dir, single[k]);
        ingest(&g, p);
        cr_expect_eq(g.decoded, 10, "%s", single[k]);
        cr_expect_eq(g.n, 10, "%s", single[k]);
        if (g.n)
            cr_expect_str_eq(g.v[0].member, "");
    }
    /* A directory of these: members named by their path then their member. */
    sh("mkdir %s/d && cp %s/one.pem.gz %s/z.zip %s/d/", dir, dir, dir, dir);
    snprintf(p, sizeof p, "%s/d", dir);
    ingest(&g, p);
    cr_expect_eq(g.decoded, 30);
    cr_expect_str_eq(g.v[0].member, "one.pem.gz");
    cr_expect_str_eq(g.v[10].member, "z.zip/all.pem");
}

Test(ingest, nested_archives)
{
    pick_certs(dir, "ct-go", 6);
    /* a .tar whose members are .gz and .tar.zst and a .zip, in a .tgz */
    sh("cd %s && mkdir -p n && while read f; do gzip -c certs/$f > n/$f.gz; done < list && "
       "tar cf - -C certs . | zstd -q -o n/inner.tar.zst && (cd certs && zip -q ../n/inner.zip *) && "
       "tar czf outer.tgz -C n .", dir);
    char p[600];
    snprintf(p, sizeof p, "%s/outer.tgz", dir);
    ingest(&g, p);
    cr_assert(g.ret);
    cr_expect_eq(g.decoded, 18, "%zu decoded, %zu errors %s", g.decoded, g.errors, g.errors ? g.v[0].reason : "");
    char want[65];
    size_t zipped = 0;
    for (size_t i = 0; i < g.n; i++) {
        const char *m = g.v[i].member;
        if (strncmp(m, "inner.zip/", 10) == 0)
            zipped++;
        /* foo.der.gz -> its sha is the first 64 characters of the last component */
        cr_expect_str_eq(g.v[i].sha, sha_of_name(m, want), "%s", m);
    }
    cr_expect_eq(zipped, 6);
}

Test(ingest, forced_format)
{
    pick_certs(dir, "debian-ca-certificates", 3);
    sh("cd %s && while read f; do base64 -w0 certs/$f; echo; done < list > x.txt", dir);
    char p[600];
    snprintf(p, sizeof p, "%s/x.txt", dir);
    cs_ingest_options o = { .csv_column = -1, .format = "base64" };
    ingest_opt(&g, p, &o);
    expect_list(&g, 3);
    o.format = "der";
    ingest_opt(&g, p, &o);
    cr_expect_eq(g.errors, 1);
    cr_expect(strstr(g.v[0].reason, "not a DER SEQUENCE") != NULL);
    o.format = "bogus";
    ingest_opt(&g, p, &o);
    cr_expect(!g.ret);
}

Test(ingest, batching_and_stop)
{
    char d[600];
    snprintf(d, sizeof d, "%s/corpus/real/debian-ca-certificates", cs_test_sample_dir());
    cs_ingest_options o = { .csv_column = -1, .batch_records = 7 };
    ingest_opt(&g, d, &o);
    cr_expect_eq(g.n, 41);
    cr_expect_eq(g.batches, (41 + 6) / 7);
    cr_expect(g.seq_ok);
    o.batch_records = 0;
    o.batch_bytes = 4000; /* a few certificates per batch */
    ingest_opt(&g, d, &o);
    cr_expect_eq(g.n, 41);
    cr_expect_gt(g.batches, 8);
    atomic_bool stop = true;
    o.stop = &stop;
    ingest_opt(&g, d, &o);
    cr_expect(g.ret);
    cr_expect_lt(g.n, 41);
    cr_expect(!atomic_load(&g.st.finished));
}
