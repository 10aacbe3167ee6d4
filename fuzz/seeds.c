/* fuzz-seeds: seeds for fuzz_decode made of real records.  Frames each
 * INPUT with cs_ingest_run (any format, container or directory) and
 * writes every record, prefixed with fuzz_decode's selector byte for its
 * encoding, as one file in OUTDIR; at most MAX_PER_INPUT per input, since
 * records of one dump mostly exercise the same paths.
 * Usage: fuzz-seeds OUTDIR INPUT...  (run by fuzz/seeds.sh) */
#include <stdio.h>
#include <stdlib.h>

#include "ingest/ingest.h"

#define MAX_PER_INPUT 32

typedef struct seeds {
    const char *dir;
    unsigned input, written;
} seeds;

static bool sink(void *ctx, cs_batch *b)
{
    seeds *s = ctx;
    for (size_t i = 0; i < b->n && s->written < MAX_PER_INPUT; i++) {
        const cs_record *r = &b->recs[i];
        if (r->encoding == CS_REC_ERROR)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%u-%u", s->dir, s->input, s->written++);
        FILE *f = fopen(path, "wb");
        /* fuzz_decode's selector: the encoding, default field and column. */
        if (!f || fputc(r->encoding, f) == EOF || fwrite(b->data + r->data_off, 1, r->data_len, f) != r->data_len ||
            fclose(f) != 0) {
            perror(path);
            exit(1);
        }
    }
    bool more = s->written < MAX_PER_INPUT;
    cs_batch_free(b);
    return more;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fuzz-seeds OUTDIR INPUT...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        seeds s = { argv[1], (unsigned)i - 2, 0 };
        cs_ingest_options opt = { .csv_column = -1 };
        char err[256];
        if (!cs_ingest_run(argv[i], 0, &opt, sink, &s, NULL, err, sizeof err)) {
            fprintf(stderr, "fuzz-seeds: %s\n", err);
            return 1;
        }
    }
    return 0;
}
