/* The benchmarks' certificate loader (der_files.h). */
#include "der_files.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* nftw has no context argument: the load in progress. */
static struct {
    bool (*keep)(const uint8_t *, size_t);
    bench_der *v;
    size_t n, cap;
    bool failed;
} load;

static int load_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 4 || strcmp(path + n - 4, ".der") != 0 || st->st_size <= 0)
        return 0;
    FILE *f = fopen(path, "rb");
    uint8_t *b = f ? malloc((size_t)st->st_size) : NULL;
    size_t len = b ? fread(b, 1, (size_t)st->st_size, f) : 0;
    if (f)
        fclose(f);
    if (!b || (load.keep && !load.keep(b, len))) {
        free(b);
        return 0;
    }
    if (load.n == load.cap) {
        size_t cap = load.cap ? load.cap * 2 : 1024;
        bench_der *v = realloc(load.v, cap * sizeof *v);
        if (!v) {
            free(b);
            load.failed = true;
            return 1;
        }
        load.v = v;
        load.cap = cap;
    }
    load.v[load.n++] = (bench_der){ b, len };
    return 0;
}

size_t bench_der_files(const char *dir, bool (*keep)(const uint8_t *der, size_t len), bench_der **out)
{
    memset(&load, 0, sizeof load);
    load.keep = keep;
    if (nftw(dir, load_one, 16, FTW_PHYS) != 0 || load.failed) {
        for (size_t i = 0; i < load.n; i++)
            free(load.v[i].der);
        free(load.v);
        *out = NULL;
        return 0;
    }
    *out = load.v;
    return load.n;
}
