/* certsweep-sample: take every k-th certificate of a corpus, or a uniform
 * random sample of n (reservoir sampling, seeded: reproducible). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_in.h"
#include "corpus_out.h"

typedef struct held {
    uint8_t *der, *tbs, *chain;
    size_t len, tbs_len, chain_len;
    bool precert;
    int64_t ts;
} held;

typedef struct sampler {
    uint64_t every, n, seen, seed;
    cg_writer *w;
    held *res; /* reservoir, n entries */
} sampler;

static uint64_t rnd(uint64_t *s)
{
    uint64_t x = (*s += 0x9e3779b97f4a7c15ULL);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint8_t *dup(const uint8_t *p, size_t n)
{
    if (!p)
        return NULL;
    uint8_t *q = malloc(n ? n : 1);
    if (!q)
        abort();
    memcpy(q, p, n);
    return q;
}

static void hold(held *h, const cg_entry *e)
{
    free(h->der), free(h->tbs), free(h->chain);
    *h = (held){dup(e->der, e->len), dup(e->tbs, e->tbs_len), dup(e->chain[0], e->chain_len[0]),
                e->len, e->tbs_len, e->chain_len[0], e->precert, e->timestamp_ms};
}

static bool add(void *ctx, const cg_entry *e)
{
    sampler *s = ctx;
    uint64_t i = s->seen++;
    if (s->every)
        return i % s->every ? true : cg_writer_add(s->w, e);
    if (i < s->n)
        hold(&s->res[i], e);
    else {
        uint64_t j = rnd(&s->seed) % (i + 1);
        if (j < s->n)
            hold(&s->res[j], e);
    }
    return true;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: certsweep-sample (-k K | -n N) [options] -t FORMAT -o DIR INPUT...\n"
               "  -k, --every K       keep certificates 0, K, 2K, ... (input order)\n"
               "  -n, --random N      keep a uniform random sample of N (order of the reservoir)\n"
               "  -s, --seed S        seed for -n (default 1)\n"
               "  -t, --to FORMAT     output format (as certsweep-convert; default pem)\n"
               "  -f, --from FORMAT   force the input format\n"
               "  -o, --output DIR\n"
               "  -h, --help\n");
}

int main(int argc, char **argv)
{
    sampler s = {.seed = 1};
    const char *to = "pem", *from = NULL, *out = NULL;
    static const struct option lo[] = {
        {"every", required_argument, 0, 'k'}, {"random", required_argument, 0, 'n'},
        {"seed", required_argument, 0, 's'},  {"to", required_argument, 0, 't'},
        {"from", required_argument, 0, 'f'},  {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "k:n:s:t:f:o:h", lo, NULL)) != -1) {
        switch (ch) {
        case 'k': s.every = strtoull(optarg, NULL, 10); break;
        case 'n': s.n = strtoull(optarg, NULL, 10); break;
        case 's': s.seed = strtoull(optarg, NULL, 10); break;
        case 't': to = optarg; break;
        case 'f': from = optarg; break;
        case 'o': out = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!out || optind >= argc || (!s.every == !s.n) || s.n > 100000000) {
        usage(stderr);
        return 2;
    }
    char err[512];
    if (!(s.w = cg_writer_open(to, out, err, sizeof err))) {
        fprintf(stderr, "certsweep-sample: %s\n", err);
        return 2;
    }
    if (s.n && !(s.res = calloc(s.n, sizeof *s.res))) {
        fprintf(stderr, "certsweep-sample: out of memory\n");
        return 1;
    }
    uint64_t bad = 0;
    int rc = 0;
    for (int i = optind; i < argc; i++)
        if (!cg_read_corpus(argv[i], from, add, &s, &bad, err, sizeof err)) {
            fprintf(stderr, "certsweep-sample: %s: %s\n", argv[i], err);
            rc = 1;
        }
    for (uint64_t i = 0; s.n && i < s.n && i < s.seen; i++) {
        held *h = &s.res[i];
        cg_entry e = {.der = h->der, .len = h->len, .precert = h->precert && h->tbs, .tbs = h->tbs,
                      .tbs_len = h->tbs_len, .chain = {h->chain}, .chain_len = {h->chain_len},
                      .timestamp_ms = h->ts};
        cg_writer_add(s.w, &e);
        free(h->der), free(h->tbs), free(h->chain);
    }
    free(s.res);
    if (!cg_writer_close(s.w))
        rc = 1;
    return rc;
}
