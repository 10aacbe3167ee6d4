/* certsweep-convert: rewrite a corpus from any format certsweep reads into
 * another one (e.g. a directory of PEM files into CT get-entries JSON). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_in.h"
#include "corpus_out.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: certsweep-convert [options] -t FORMAT -o DIR INPUT...\n"
               "Reads INPUTs (files, directories, archives; any format certsweep scan reads)\n"
               "and writes every certificate to DIR in FORMAT:\n  ");
    for (int i = 0; cg_formats[i]; i++)
        fprintf(f, "%s%s", i ? ", " : "", cg_formats[i]);
    fprintf(f, "\n"
               "  -t, --to FORMAT     output format\n"
               "  -f, --from FORMAT   force the input format (default: detect)\n"
               "  -o, --output DIR    output directory (created)\n"
               "  -h, --help\n"
               "Chains are kept when the input has them (CT JSON, tiles); precertificates\n"
               "become precert entries in CT outputs.\n");
}

static bool add(void *ctx, const cg_entry *e)
{
    return cg_writer_add(ctx, e);
}

int main(int argc, char **argv)
{
    const char *to = NULL, *from = NULL, *out = NULL;
    static const struct option lo[] = {{"to", required_argument, 0, 't'}, {"from", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "t:f:o:h", lo, NULL)) != -1) {
        switch (ch) {
        case 't': to = optarg; break;
        case 'f': from = optarg; break;
        case 'o': out = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!to || !out || optind >= argc) {
        usage(stderr);
        return 2;
    }
    char err[512];
    cg_writer *w = cg_writer_open(to, out, err, sizeof err);
    if (!w) {
        fprintf(stderr, "certsweep-convert: %s\n", err);
        return 2;
    }
    uint64_t bad = 0;
    int rc = 0;
    for (int i = optind; i < argc; i++)
        if (!cg_read_corpus(argv[i], from, add, w, &bad, err, sizeof err)) {
            fprintf(stderr, "certsweep-convert: %s: %s\n", argv[i], err);
            rc = 1;
        }
    if (!cg_writer_close(w)) {
        fprintf(stderr, "certsweep-convert: writing %s failed\n", out);
        rc = 1;
    }
    if (bad)
        fprintf(stderr, "certsweep-convert: %llu records did not decode and were skipped\n",
                (unsigned long long)bad);
    return rc;
}
