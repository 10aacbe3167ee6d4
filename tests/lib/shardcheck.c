/* Sharded scans checked against one scan (see shardcheck.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runcmd.h"
#include "shard/plan.h"
#include "shardcheck.h"

static char out[1 << 16], err[1 << 16];

void cs_test_shard_ref(const char *dir, const char *inputs, const char *opts)
{
    int rc = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -j2 %s -o %s/ref %s", cs_test_certsweep(),
                          opts, dir, inputs);
    cr_assert_eq(rc, 0, "unsharded scan of %s: %s", inputs, err);
}

long long cs_test_input_records(const char *summary, unsigned input)
{
    FILE *f = fopen(summary, "r");
    cr_assert_not_null(f, "cannot read %s", summary);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char want[64];
    snprintf(want, sizeof want, "{\"input\": %u, ", input);
    const char *p = strstr(text, want);
    const char *r = p ? strstr(p, "\"records_read\": ") : NULL;
    return r ? atoll(r + 16) : -1;
}

void cs_test_shard_match(const char *dir, const char *inputs, const char *opts, unsigned n)
{
    const char *c = cs_test_certsweep();
    int rc = cs_test_runf(out, sizeof out, err, sizeof err,
                          "mkdir -p %s/n%u && seq 1 %u | xargs -P2 -I@ sh -c '%s scan -q -j1 --shard @/%u %s "
                          "-o %s/n%u/@ --state %s/n%u/@.state %s || echo shard @ failed'",
                          dir, n, n, c, n, opts, dir, n, dir, n, inputs);
    cr_assert(rc == 0 && !strstr(out, "failed"), "shards of %u: %s%s", n, out, err);
    char summary[512];
    for (unsigned input = 0;; input++) {
        snprintf(summary, sizeof summary, "%s/ref/summary.json", dir);
        long long want = cs_test_input_records(summary, input), sum = 0;
        if (want < 0)
            break;
        for (unsigned k = 1; k <= n; k++) {
            snprintf(summary, sizeof summary, "%s/n%u/%u/summary.json", dir, n, k);
            long long got = cs_test_input_records(summary, input);
            cr_assert_geq(got, 0, "shard %u/%u lists input %u", k, n, input);
            sum += got;
        }
        cr_assert_eq(sum, want, "%u shards of %s read %lld records of input %u, one scan %lld", n, inputs, sum,
                     input, want);
    }
    rc = cs_test_runf(out, sizeof out, err, sizeof err,
                      "cd %s/n%u && %s merge -o merged $(seq 1 %u | sed 's/$/.state/') && "
                      "for f in issuers.csv issuer_rules.csv rules.csv monthly.csv summary.json index.html; do "
                      "cmp %s/ref/$f merged/$f || exit 9; done",
                      dir, n, c, n, dir);
    cr_assert_eq(rc, 0, "merge of %u shards of %s equals one scan: %s%s", n, inputs, out, err);
}

void cs_test_shard_balanced(const char *input, unsigned max_n, unsigned long long units)
{
    char e[512];
    const char *inputs[] = { input };
    cs_ingest_options opt = { .csv_column = -1 };
    for (uint32_t n = 2; n <= max_n; n++) {
        cs_shard_plan *p = cs_shard_plan_new(inputs, 1, &opt, 1, n, e, sizeof e);
        cr_assert_not_null(p, "%s", e);
        uint64_t total = 0, all = 0;
        for (uint32_t k = 1; k <= n; k++) {
            total += cs_shard_plan_bytes(p, k);
            all += cs_shard_plan_units(p, k);
        }
        cr_expect_eq(all, units, "%s: every unit dealt once: %llu of %llu", input, (unsigned long long)all, units);
        for (uint32_t k = 1; k <= n; k++) {
            double dev = (double)cs_shard_plan_bytes(p, k) * n / (double)total - 1;
            cr_expect(dev < 0.10 && dev > -0.10, "%s: shard %u/%u: %llu bytes of %llu", input, k, n,
                      (unsigned long long)cs_shard_plan_bytes(p, k), (unsigned long long)total);
        }
        cs_shard_plan_free(p);
    }
}
