/* Ingest benchmark: reads one input with cs_ingest_run and decodes every
 * record (cs_record_decode), on one thread, and prints records/s and
 * MB/s of input (compressed) bytes: decompression, framing and decoding
 * included, certificate parsing and linting not. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ingest/ingest.h"

static unsigned long long ok, bad;
static cs_decode_scratch scratch;

static bool sink(void *ctx, cs_batch *b)
{
    (void)ctx;
    for (size_t i = 0; i < b->n; i++) {
        cs_decoded d;
        char reason[200];
        if (cs_record_decode(b, &b->recs[i], &scratch, &d, reason, sizeof reason))
            ok++;
        else
            bad++;
    }
    cs_batch_free(b);
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s LABEL INPUT\n", argv[0]);
        return 2;
    }
    cs_ingest_options o = { .csv_column = -1 };
    cs_ingest_stats st = { 0 };
    char err[512];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!cs_ingest_run(argv[2], 0, &o, sink, NULL, &st, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double mb = (double)atomic_load(&st.bytes_read) / 1e6;
    printf("%-28s %9llu records (%llu bad) %8.1f MB in %6.2f s: %10.0f records/s %7.1f MB/s\n", argv[1], ok + bad,
           bad, mb, s, (double)(ok + bad) / s, mb / s);
    cs_decode_scratch_free(&scratch);
    return bad != 0;
}
