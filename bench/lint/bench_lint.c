/* The rule stage's cost per certificate on a directory of certificates
 * (*.der, recursively; the real corpus by default), single-threaded.  As
 * in a scan's worker, each certificate is parsed into one reused view just
 * before it is linted, so the view is in cache: a cs_cert is ~40 KB and
 * thousands of parsed views would measure memory misses, not the rules.
 * Only cs_lint is timed (the time-stamp counter around each call, its own
 * cost subtracted).  The machine is shared: a call that took more than
 * 100 us was preempted (a time slice is milliseconds) and is left out of
 * the mean, which is over the calls that ran through.  One untimed round first fills what a long scan would
 * hold (self-signed answers, public suffixes).  With -r it also times
 * each rule alone (applies() then check()) and prints the costliest, to
 * say where the stage goes.  Usage: bench_lint [-r] DIR [ROUNDS] */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include "../lib/der_files.h"
#include "lint/ruleset.h"

typedef bench_der item;

static item *items;
static size_t n_items;

/* Keeps the certificates the parser takes. */
static bool parses(const uint8_t *der, size_t len)
{
    static cs_cert view;
    cs_parse_error err;
    return cs_cert_parse(&view, der, len, &err);
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The time-stamp counter: a clock read costs ~50 ns here, more than most
 * rules, so calls are timed in TSC ticks (constant rate on x86-64). */
static inline double now(void) { return (double)__rdtsc(); }

/* Seconds per tick, against the monotonic clock over 50 ms. */
static double tick_seconds(void)
{
    double w0 = wall(), t0 = now(), w1;
    while ((w1 = wall()) - w0 < 0.05)
        ;
    return (w1 - w0) / (now() - t0);
}

/* The ticks of reading the counter twice, subtracted from each timed call. */
static double clock_cost(void)
{
    double best = 1e9;
    for (int i = 0; i < 1000; i++) {
        double t0 = now(), t1 = now();
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    return best;
}

typedef struct rule_cost {
    size_t i;
    double ns;
} rule_cost;

static int by_cost(const void *a, const void *b)
{
    double x = ((const rule_cost *)a)->ns, y = ((const rule_cost *)b)->ns;
    return (x < y) - (x > y);
}

static cs_cert view;

static void parse(size_t k)
{
    cs_parse_error err;
    cs_cert_parse(&view, items[k].der, items[k].len, &err);
}

/* Each rule alone, as the driver runs it (applies, then check), on each
 * freshly parsed certificate; prints the `top` costliest in ns per
 * certificate. */
/* A call timed longer than this many ticks was preempted. */
static double preempted;

static void per_rule(const cs_ruleset *rs, cs_lint_result *res, int rounds, size_t top, double tick, double sec)
{
    size_t n = cs_ruleset_count(rs);
    const cs_rule_slot *slot = cs_ruleset_slots(rs);
    rule_cost *cost = calloc(n, sizeof *cost);
    size_t *kept = calloc(n, sizeof *kept);
    cs_detail d;
    for (int r = 0; r < rounds; r++)
        for (size_t k = 0; k < n_items; k++) {
            parse(k);
            cs_lint(rs, &view, res); /* the options' part of the view */
            for (size_t i = 0; i < n; i++) {
                double t0 = now();
                if (!slot[i].applies || slot[i].applies(&view))
                    slot[i].check(&view, &d);
                double dt = now() - t0 - tick;
                if (dt < preempted) {
                    cost[i].ns += dt;
                    kept[i]++;
                }
            }
        }
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        cost[i].i = i;
        cost[i].ns *= kept[i] ? sec * 1e9 / (double)kept[i] : 0;
        sum += cost[i].ns;
    }
    qsort(cost, n, sizeof *cost, by_cost);
    printf("rules alone: %.0f ns/certificate in all; the costliest:\n", sum);
    for (size_t i = 0; i < n && i < top; i++)
        printf("  %7.1f ns  %s\n", cost[i].ns, cs_ruleset_rule(rs, cost[i].i)->id);
    free(cost);
    free(kept);
}

int main(int argc, char **argv)
{
    bool rules = argc > 1 && strcmp(argv[1], "-r") == 0;
    if (rules)
        argc--, argv++;
    if (argc < 2) {
        fprintf(stderr, "usage: bench_lint [-r] DIR [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 10;
    if (rounds < 1)
        rounds = 1;
    n_items = bench_der_files(argv[1], parses, &items);
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cs_lint_result *res = malloc(sizeof *res);
    if (!rs || !res || !n_items) {
        fprintf(stderr, "bench_lint: nothing to measure in %s\n", argv[1]);
        return 1;
    }
    size_t findings = 0;
    for (size_t k = 0; k < n_items; k++) { /* warm-up: the caches fill */
        parse(k);
        cs_lint(rs, &view, res);
        findings += res->n_findings;
    }
    double tick = clock_cost(), sec = tick_seconds(), lint = 0;
    size_t kept = 0;
    preempted = 100e-6 / sec;
    for (int r = 0; r < rounds; r++)
        for (size_t k = 0; k < n_items; k++) {
            parse(k);
            double t0 = now();
            cs_lint(rs, &view, res);
            double dt = now() - t0 - tick;
            if (dt < preempted) {
                lint += dt;
                kept++;
            }
        }
    lint *= kept ? sec * 1e6 / (double)kept : 0;
    printf("%zu certificates x %d rounds, %zu rules, %zu findings a round\n", n_items, rounds,
           cs_ruleset_count(rs), findings);
    printf("lint %.3f us/certificate (parsed just before, warm caches; %zu preempted calls left out)\n", lint,
           n_items * (size_t)rounds - kept);
    if (rules)
        per_rule(rs, res, rounds, 30, tick, sec);
    cs_ruleset_free(rs);
    for (size_t k = 0; k < n_items; k++)
        free(items[k].der);
    free(items);
    free(res);
    return 0;
}
