/* Sharded scans of the whole shared corpus (make check-corpus): for N = 1,
 * 2, 3, 8 and 64 shards over the real corpus as a directory, as one
 * tar.gz, as one large PEM file and as one large DER file, every record is
 * read exactly once (records_read and each input's add up to one scan's)
 * and the merge of the N states is byte for byte one scan's reports. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "rulecheck.h"
#include "runcmd.h"
#include "shardcheck.h"

static char out[1 << 16], err[1 << 16];

static void every_split(const char *dir, const char *input)
{
    static const unsigned ns[] = { 1, 2, 3, 8, 64 };
    cs_test_shard_ref(dir, input, "");
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        cs_test_shard_match(dir, input, "", ns[i]);
    cs_test_runf(out, sizeof out, err, sizeof err, "rm -rf %s", dir);
}

/* DIR with the real corpus made into FORM by a shell command ($R: the
 * corpus, $B: the corpus tools). */
static const char *make_input(char *dir, size_t size, const char *form, const char *cmd)
{
    cs_test_tmpdir(dir, size);
    int rc = cs_test_runf(out, sizeof out, err, sizeof err, "cd %s && R=%s/corpus/real B=%s && %s", dir,
                          cs_test_shared_dir(), cs_test_bindir(), cmd);
    cr_assert_eq(rc, 0, "making the corpus into %s: %s", form, err);
    return dir;
}

Test(shard_corpus, real_corpus_as_a_directory, .timeout = 600)
{
    char dir[256], in[512];
    make_input(dir, sizeof dir, "a directory", "true");
    snprintf(in, sizeof in, "%s/corpus/real", cs_test_shared_dir());
    every_split(dir, in);
}

Test(shard_corpus, real_corpus_as_one_tar_gz, .timeout = 600)
{
    char dir[256], in[512];
    make_input(dir, sizeof dir, "a tar.gz", "tar -C $R -czf real.tar.gz .");
    snprintf(in, sizeof in, "%s/real.tar.gz", dir);
    every_split(dir, in);
}

Test(shard_corpus, real_corpus_as_one_pem_file, .timeout = 600)
{
    char dir[256], in[512];
    make_input(dir, sizeof dir, "one PEM file",
               "$B/certsweep-convert -t pem -o pem $R >/dev/null && cat pem/*.pem > real.pem && rm -r pem");
    snprintf(in, sizeof in, "%s/real.pem", dir);
    every_split(dir, in);
}

Test(shard_corpus, real_corpus_as_one_der_file, .timeout = 600)
{
    char dir[256], in[512];
    make_input(dir, sizeof dir, "one DER file", "find $R -type f | sort | xargs cat > real.der");
    snprintf(in, sizeof in, "%s/real.der", dir);
    every_split(dir, in);
}

/* The real corpus dealt out by bytes: every shard within 10 % of the mean
 * for N = 2 to 8 (beyond, the largest certificate, 1 MB, outweighs a
 * shard's mean share: docs/scale-out.md). */
Test(shard_corpus, real_corpus_balanced_by_bytes)
{
    char in[512];
    snprintf(in, sizeof in, "%s/corpus/real", cs_test_shared_dir());
    cs_test_shard_balanced(in, 8, 5361);
}
