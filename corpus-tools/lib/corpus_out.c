/* Corpus writers: see corpus_out.h.  One small writer per format behind a
 * common add() so that the generator and the converter share them. */
#include "corpus_out.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctlog/tiletree.h"
#include "derw.h"

const char *const cg_formats[] = {"pem", "der-tar-gz", "der-tar-zst", "ct-json", "tiles", "b64", "csv", "jsonl", NULL};

enum { F_PEM, F_TGZ, F_TZST, F_CT, F_TILES, F_B64, F_CSV, F_JSONL };

struct cg_writer {
    int fmt;
    char dir[4096];
    FILE *f;
    struct archive *ar;
    uint64_t n;          /* entries written */
    bool ok;
    cg_buf tile;         /* current data tile */
    unsigned tile_n;
    uint8_t last_issuer_hash[32]; /* SHA-256 of the last issuer's SPKI (precert issuer_key_hash) */
    uint8_t last_issuer_fp[32];
    bool have_issuer;
    cg_buf b64;
};

bool cg_mkdirs(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                return false;
            *p = '/';
        }
    return mkdir(tmp, 0755) == 0 || errno == EEXIST;
}

static const char *b64(cg_writer *w, const uint8_t *p, size_t n)
{
    w->b64.n = 0;
    cg_buf_reserve(&w->b64, 4 * ((n + 2) / 3) + 1);
    EVP_EncodeBlock(w->b64.p, p, (int)n);
    return (const char *)w->b64.p;
}

static FILE *open_in(cg_writer *w, const char *name, const char *mode)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", w->dir, name);
    return fopen(path, mode);
}

cg_writer *cg_writer_open(const char *format, const char *dir, char *err, size_t err_size)
{
    int fmt = -1;
    for (int i = 0; cg_formats[i]; i++)
        if (!strcmp(cg_formats[i], format))
            fmt = i;
    if (fmt < 0) {
        snprintf(err, err_size, "unknown format '%s'", format);
        return NULL;
    }
    if (!cg_mkdirs(dir)) {
        snprintf(err, err_size, "cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    cg_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fmt = fmt;
    w->ok = true;
    snprintf(w->dir, sizeof w->dir, "%s", dir);
    const char *file = fmt == F_PEM ? "certs.pem" : fmt == F_B64 ? "certs.b64" : fmt == F_CSV ? "certs.csv"
                       : fmt == F_JSONL ? "certs.jsonl" : NULL;
    if (file && !(w->f = open_in(w, file, "w"))) {
        snprintf(err, err_size, "cannot create %s/%s: %s", dir, file, strerror(errno));
        free(w);
        return NULL;
    }
    if (fmt == F_TGZ || fmt == F_TZST) {
        char path[4200];
        snprintf(path, sizeof path, "%s/certs.tar.%s", dir, fmt == F_TGZ ? "gz" : "zst");
        w->ar = archive_write_new();
        archive_write_set_format_pax_restricted(w->ar);
        if (fmt == F_TGZ)
            archive_write_add_filter_gzip(w->ar);
        else
            archive_write_add_filter_zstd(w->ar);
        if (archive_write_open_filename(w->ar, path) != ARCHIVE_OK) {
            snprintf(err, err_size, "cannot create %s: %s", path, archive_error_string(w->ar));
            archive_write_free(w->ar);
            free(w);
            return NULL;
        }
    }
    if (fmt == F_TILES) {
        char sub[4200];
        snprintf(sub, sizeof sub, "%s/tile/data", dir);
        cg_mkdirs(sub);
        snprintf(sub, sizeof sub, "%s/issuer", dir);
        cg_mkdirs(sub);
    }
    return w;
}

static void put3(cg_buf *b, size_t n)
{
    cg_buf_byte(b, (uint8_t)(n >> 16));
    cg_buf_byte(b, (uint8_t)(n >> 8));
    cg_buf_byte(b, (uint8_t)n);
}

static void put_u(cg_buf *b, uint64_t v, int bytes)
{
    while (bytes--)
        cg_buf_byte(b, (uint8_t)(v >> (8 * bytes)));
}

/* SHA-256 of the issuer's SPKI (CT issuer_key_hash), cached per issuer. */
static void issuer_key_hash(cg_writer *w, const cg_entry *e, uint8_t out[32])
{
    uint8_t fp[32];
    memset(out, 0, 32);
    if (!e->chain[0])
        return;
    SHA256(e->chain[0], e->chain_len[0], fp);
    if (w->have_issuer && !memcmp(fp, w->last_issuer_fp, 32)) {
        memcpy(out, w->last_issuer_hash, 32);
        return;
    }
    const uint8_t *p = e->chain[0];
    X509 *x = d2i_X509(NULL, &p, (long)e->chain_len[0]);
    unsigned char *spki = NULL;
    int l = x ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki) : -1;
    if (l > 0)
        SHA256(spki, (size_t)l, out);
    OPENSSL_free(spki);
    X509_free(x);
    memcpy(w->last_issuer_fp, fp, 32);
    memcpy(w->last_issuer_hash, out, 32);
    w->have_issuer = true;
}

/* The TimestampedEntry shared by RFC 6962 leaves and static-ct tiles. */
static void timestamped_entry(cg_writer *w, const cg_entry *e, cg_buf *b, bool tile_ext)
{
    put_u(b, (uint64_t)e->timestamp_ms, 8);
    if (e->precert) {
        uint8_t h[32];
        put_u(b, 1, 2);
        issuer_key_hash(w, e, h);
        cg_buf_put(b, h, 32);
        put3(b, e->tbs_len);
        cg_buf_put(b, e->tbs, e->tbs_len);
    } else {
        put_u(b, 0, 2);
        put3(b, e->len);
        cg_buf_put(b, e->der, e->len);
    }
    if (tile_ext) { /* leaf_index extension */
        put_u(b, 8, 2);
        cg_buf_byte(b, 0);
        put_u(b, 5, 2);
        put_u(b, w->n, 5);
    } else {
        put_u(b, 0, 2);
    }
}

/* static-ct-api path of a data tile, below the output directory. */
static void tile_path(const cg_writer *w, uint64_t n, unsigned width, char *out, size_t size)
{
    char rel[128];
    cs_tile_path(rel, sizeof rel, "data", n, width);
    snprintf(out, size, "%s/%s", w->dir, rel);
}

static bool write_file(const char *path, const void *p, size_t n)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = 0;
        cg_mkdirs(dir);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static void flush_tile(cg_writer *w, bool partial)
{
    if (!w->tile_n)
        return;
    char path[4300];
    tile_path(w, (w->n - 1) / 256, partial ? w->tile_n : 0, path, sizeof path);
    if (!write_file(path, w->tile.p, w->tile.n))
        w->ok = false;
    w->tile.n = 0;
    w->tile_n = 0;
}

static void issuer_file(cg_writer *w, const uint8_t *der, size_t len, uint8_t fp[32])
{
    SHA256(der, len, fp);
    char path[4300], hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", fp[i]);
    snprintf(path, sizeof path, "%s/issuer/%s", w->dir, hex);
    struct stat st;
    if (stat(path, &st) != 0 && !write_file(path, der, len))
        w->ok = false;
}

static void ct_add(cg_writer *w, const cg_entry *e)
{
    if (w->n % 1000 == 0) {
        if (w->f) {
            fputs("]}\n", w->f);
            fclose(w->f);
        }
        char name[64];
        snprintf(name, sizeof name, "get-entries-%06llu.json", (unsigned long long)(w->n / 1000));
        w->f = open_in(w, name, "w");
        if (!w->f) {
            w->ok = false;
            return;
        }
        fputs("{\"entries\":[", w->f);
    }
    cg_buf leaf = {0}, extra = {0}, chain = {0};
    cg_buf_byte(&leaf, 0);
    cg_buf_byte(&leaf, 0);
    timestamped_entry(w, e, &leaf, false);
    for (int i = 0; i < CG_CHAIN_MAX; i++)
        if (e->chain[i]) {
            put3(&chain, e->chain_len[i]);
            cg_buf_put(&chain, e->chain[i], e->chain_len[i]);
        }
    if (e->precert) {
        put3(&extra, e->len);
        cg_buf_put(&extra, e->der, e->len);
    }
    put3(&extra, chain.n);
    cg_buf_put(&extra, chain.p, chain.n);
    fprintf(w->f, "%s{\"leaf_input\":\"%s\",", w->n % 1000 ? "," : "", b64(w, leaf.p, leaf.n));
    fprintf(w->f, "\"extra_data\":\"%s\"}", b64(w, extra.p, extra.n));
    cg_buf_free(&leaf), cg_buf_free(&extra), cg_buf_free(&chain);
}

static void tiles_add(cg_writer *w, const cg_entry *e)
{
    timestamped_entry(w, e, &w->tile, true);
    if (e->precert) {
        put3(&w->tile, e->len);
        cg_buf_put(&w->tile, e->der, e->len);
    }
    int k = 0;
    uint8_t fps[CG_CHAIN_MAX][32];
    for (int i = 0; i < CG_CHAIN_MAX; i++)
        if (e->chain[i])
            issuer_file(w, e->chain[i], e->chain_len[i], fps[k++]);
    put_u(&w->tile, (uint64_t)(32 * k), 2);
    for (int i = 0; i < k; i++)
        cg_buf_put(&w->tile, fps[i], 32);
    w->tile_n++;
}

bool cg_writer_add(cg_writer *w, const cg_entry *e)
{
    switch (w->fmt) {
    case F_PEM: {
        const char *s = b64(w, e->der, e->len);
        fputs("-----BEGIN CERTIFICATE-----\n", w->f);
        for (size_t i = 0, n = strlen(s); i < n; i += 64)
            fprintf(w->f, "%.64s\n", s + i);
        fputs("-----END CERTIFICATE-----\n", w->f);
        break;
    }
    case F_TGZ:
    case F_TZST: {
        char name[64];
        snprintf(name, sizeof name, "certs/%08llu.der", (unsigned long long)w->n);
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, name);
        archive_entry_set_size(ae, (la_int64_t)e->len);
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_mtime(ae, 1735689600, 0); /* fixed: deterministic archives */
        if (archive_write_header(w->ar, ae) != ARCHIVE_OK ||
            archive_write_data(w->ar, e->der, e->len) != (la_ssize_t)e->len)
            w->ok = false;
        archive_entry_free(ae);
        break;
    }
    case F_CT:
        ct_add(w, e);
        break;
    case F_TILES:
        tiles_add(w, e);
        break;
    case F_B64:
        fprintf(w->f, "%s\n", b64(w, e->der, e->len));
        break;
    case F_CSV: {
        uint8_t h[20];
        SHA1(e->der, e->len, h);
        for (int i = 0; i < 20; i++)
            fprintf(w->f, "%02x", h[i]);
        fprintf(w->f, ",%s\n", b64(w, e->der, e->len));
        break;
    }
    case F_JSONL:
        fprintf(w->f, "{\"raw\":\"%s\"}\n", b64(w, e->der, e->len));
        break;
    }
    w->n++;
    if (w->fmt == F_TILES && w->tile_n == 256)
        flush_tile(w, false);
    if (w->f && ferror(w->f))
        w->ok = false;
    return w->ok;
}

bool cg_writer_close(cg_writer *w)
{
    if (!w)
        return false;
    bool ok = w->ok;
    if (w->fmt == F_TILES)
        flush_tile(w, true), ok = ok && w->ok;
    if (w->fmt == F_CT && w->f)
        fputs("]}\n", w->f);
    if (w->f && fclose(w->f) != 0)
        ok = false;
    if (w->ar) {
        if (archive_write_close(w->ar) != ARCHIVE_OK)
            ok = false;
        archive_write_free(w->ar);
    }
    cg_buf_free(&w->tile);
    cg_buf_free(&w->b64);
    free(w);
    return ok;
}
