/* Debian weak-key blocklist: sorted 80-bit fingerprints, binary search. */
#include "keys/debian_weak.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct cs_blocklist {
    uint8_t (*fp)[CS_DEBIAN_FP_LEN];
    size_t n, cap;
};

static int hex_value(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* One line: 20 or 40 hex digits, blanks around them allowed. */
static bool parse_line(const char *line, uint8_t out[CS_DEBIAN_FP_LEN])
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = 0;
    while (hex_value((unsigned char)line[n]) >= 0)
        n++;
    for (const char *t = line + n; *t; t++)
        if (*t != ' ' && *t != '\t' && *t != '\r' && *t != '\n')
            return false;
    if (n != 2 * CS_DEBIAN_FP_LEN && n != 40)
        return false;
    const char *hex = line + n - 2 * CS_DEBIAN_FP_LEN;
    for (size_t i = 0; i < CS_DEBIAN_FP_LEN; i++)
        out[i] = (uint8_t)(hex_value((unsigned char)hex[2 * i]) << 4 | hex_value((unsigned char)hex[2 * i + 1]));
    return true;
}

static bool add_fp(cs_blocklist *b, const uint8_t fp[CS_DEBIAN_FP_LEN])
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 1024;
        void *p = realloc(b->fp, cap * sizeof *b->fp);
        if (!p)
            return false;
        b->fp = p;
        b->cap = cap;
    }
    memcpy(b->fp[b->n++], fp, CS_DEBIAN_FP_LEN);
    return true;
}

static bool load_file(cs_blocklist *b, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[256];
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') { /* too long: skip the rest */
            int ch;
            while ((ch = getc(f)) != EOF && ch != '\n')
                ;
            continue;
        }
        uint8_t fp[CS_DEBIAN_FP_LEN];
        if (line[0] != '#' && parse_line(line, fp))
            ok = add_fp(b, fp);
    }
    if (ferror(f))
        ok = false;
    fclose(f);
    return ok;
}

static int cmp_fp(const void *x, const void *y) { return memcmp(x, y, CS_DEBIAN_FP_LEN); }

cs_blocklist *cs_blocklist_load(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    cs_blocklist *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    bool ok = true;
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        struct dirent *e;
        ok = dir != NULL;
        while (ok && (e = readdir(dir))) {
            char *file = NULL;
            if (e->d_name[0] == '.' || asprintf(&file, "%s/%s", path, e->d_name) < 0)
                continue;
            struct stat fst;
            if (stat(file, &fst) == 0 && S_ISREG(fst.st_mode))
                ok = load_file(b, file);
            free(file);
        }
        if (dir)
            closedir(dir);
    } else {
        ok = load_file(b, path);
    }
    if (ok && b->n == 0) {
        errno = EINVAL;
        ok = false;
    }
    if (!ok) {
        int e = errno;
        cs_blocklist_free(b);
        errno = e;
        return NULL;
    }
    qsort(b->fp, b->n, sizeof *b->fp, cmp_fp);
    size_t w = 0;
    for (size_t r = 0; r < b->n; r++)
        if (w == 0 || memcmp(b->fp[w - 1], b->fp[r], CS_DEBIAN_FP_LEN) != 0)
            memmove(b->fp[w++], b->fp[r], CS_DEBIAN_FP_LEN);
    b->n = w;
    return b;
}

void cs_blocklist_free(cs_blocklist *b)
{
    if (!b)
        return;
    free(b->fp);
    free(b);
}

size_t cs_blocklist_size(const cs_blocklist *b) { return b ? b->n : 0; }

void cs_debian_fingerprint(cs_span modulus, uint8_t out[CS_DEBIAN_FP_LEN])
{
    static const char hex[] = "0123456789ABCDEF";
    modulus = cs_span_skip_zeros(modulus);
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    char chunk[128];
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) && EVP_DigestUpdate(ctx, "Modulus=", 8);
    for (size_t i = 0; ok && i < modulus.len;) {
        size_t n = 0;
        for (; i < modulus.len && n < sizeof chunk; i++) {
            chunk[n++] = hex[modulus.p[i] >> 4];
            chunk[n++] = hex[modulus.p[i] & 15];
        }
        ok = EVP_DigestUpdate(ctx, chunk, n);
    }
    ok = ok && EVP_DigestUpdate(ctx, "\n", 1) && EVP_DigestFinal_ex(ctx, md, &md_len) && md_len == 20;
    EVP_MD_CTX_free(ctx);
    if (ok)
        memcpy(out, md + 20 - CS_DEBIAN_FP_LEN, CS_DEBIAN_FP_LEN);
    else
        memset(out, 0, CS_DEBIAN_FP_LEN);
}

bool cs_blocklist_has_rsa(const cs_blocklist *b, cs_span modulus)
{
    if (!b || b->n == 0)
        return false;
    uint8_t fp[CS_DEBIAN_FP_LEN];
    cs_debian_fingerprint(modulus, fp);
    return bsearch(fp, b->fp, b->n, sizeof *b->fp, cmp_fp) != NULL;
}

static cs_blocklist *process_list;
static pthread_once_t process_once = PTHREAD_ONCE_INIT;

static void process_load(void)
{
    const char *path = getenv(CS_DEBIAN_WEAK_ENV);
    if (!path || !*path)
        return;
    process_list = cs_blocklist_load(path);
    if (!process_list)
        fprintf(stderr, "certsweep: %s=%s: %s: the Debian weak-key check does not run\n", CS_DEBIAN_WEAK_ENV,
                path, errno == EINVAL ? "no key fingerprints in it" : strerror(errno));
}

const cs_blocklist *cs_debian_weak_keys(void)
{
    pthread_once(&process_once, process_load);
    return process_list;
}
