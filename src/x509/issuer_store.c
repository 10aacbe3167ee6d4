/* The CA certificates of scan --issuers; see issuer_store.h. */
#include "x509/issuer_store.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/pem.h>

#include "util/pem.h"

#define STORE_MAX_FILE (256u << 20) /* a bundle larger than this is not a CA list */
#define STORE_MAX_CERT (64u << 10)  /* as the worker's issuer cache */

typedef struct store_entry {
    uint8_t *der;
    size_t len;
    cs_span subject, ski, spki; /* into der; ski empty when absent */
    uint8_t sha256[32];
} store_entry;

struct cs_issuer_store {
    size_t n, cap;
    store_entry *e;             /* sorted by subject (length, bytes), then sha256 */
    size_t skipped;
    cs_cert *scratch;           /* parse buffer while loading */
    bool oom;
};

static cs_span rebase(cs_span s, const uint8_t *from, uint8_t *to)
{
    return s.len ? (cs_span){ to + (s.p - from), s.len } : (cs_span){ NULL, 0 };
}

/* Parses and keeps one certificate (copied). */
static void add_der(cs_issuer_store *s, const uint8_t *der, size_t len)
{
    cs_parse_error perr;
    if (len == 0 || len > STORE_MAX_CERT || !cs_cert_parse(s->scratch, der, len, &perr)) {
        s->skipped++;
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        store_entry *e = realloc(s->e, cap * sizeof *e);
        if (!e) {
            s->oom = true;
            return;
        }
        s->e = e;
        s->cap = cap;
    }
    store_entry *e = &s->e[s->n];
    if (!(e->der = malloc(len))) {
        s->oom = true;
        return;
    }
    memcpy(e->der, der, len);
    e->len = len;
    const cs_cert *c = s->scratch;
    e->subject = rebase(c->subject.der, der, e->der);
    e->ski = c->ski.present ? rebase(c->ski.key_id, der, e->der) : (cs_span){ NULL, 0 };
    e->spki = rebase(c->spki.der, der, e->der);
    memcpy(e->sha256, c->sha256, 32);
    s->n++;
}

/* PEM: every certificate block; DER: concatenated certificates. */
static void add_buffer(cs_issuer_store *s, const uint8_t *p, size_t n)
{
    if (cs_pem_find(p, n, CS_PEM_BEGIN)) {
        BIO *bio = BIO_new_mem_buf(p, (int)n);
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long len = 0;
        while (bio && !s->oom && PEM_read_bio(bio, &name, &header, &data, &len) == 1) {
            cs_pem_kind k = cs_pem_label_kind(name);
            if (k == CS_PEM_CERTIFICATE || k == CS_PEM_TRUSTED_CERTIFICATE)
                add_der(s, data, (size_t)len); /* trusted: the certificate comes first; trailing trust data is a fault */
            OPENSSL_free(name);
            OPENSSL_free(header);
            OPENSSL_free(data);
        }
        BIO_free(bio);
        return;
    }
    while (n > 0 && !s->oom) {
        const unsigned char *q = p;
        long body;
        int tag, cls;
        int r = ASN1_get_object(&q, &body, &tag, &cls, (long)n);
        if (r & 0x80 || r == 0x21) { /* error, or indefinite length: not DER */
            s->skipped++;
            return;
        }
        size_t total = (size_t)(q - p) + (size_t)body;
        add_der(s, p, total);
        p += total;
        n -= total;
    }
}

static bool add_file(cs_issuer_store *s, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        return false;
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > STORE_MAX_FILE) {
        snprintf(err, err_size, "%s: too large for a CA list (more than %u MiB)", path, STORE_MAX_FILE >> 20);
        fclose(f);
        return false;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = malloc(n ? n : 1);
    bool ok = buf && fread(buf, 1, n, f) == n;
    if (!buf)
        snprintf(err, err_size, "%s: out of memory", path);
    else if (!ok)
        snprintf(err, err_size, "%s: read error", path);
    fclose(f);
    if (ok)
        add_buffer(s, buf, n);
    free(buf);
    return ok;
}

/* nftw has no user pointer: the directory walk is one at a time. */
static struct {
    cs_issuer_store *s;
    char *err;
    size_t err_size;
} walk;

static int walk_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_F)
        return add_file(walk.s, path, walk.err, walk.err_size) && !walk.s->oom ? 0 : 1;
    if (type == FTW_DNR || type == FTW_NS) {
        snprintf(walk.err, walk.err_size, "%s: cannot read", path);
        return 1;
    }
    return 0;
}

static int span_cmp(cs_span a, cs_span b)
{
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    return a.len ? memcmp(a.p, b.p, a.len) : 0;
}

static int entry_cmp(const void *x, const void *y)
{
    const store_entry *a = x, *b = y;
    int c = span_cmp(a->subject, b->subject);
    return c ? c : memcmp(a->sha256, b->sha256, 32);
}

cs_issuer_store *cs_issuer_store_load(const char *path, size_t *skipped, char *err, size_t err_size)
{
    static pthread_mutex_t walk_lock = PTHREAD_MUTEX_INITIALIZER;
    cs_issuer_store *s = calloc(1, sizeof *s);
    if (!s || !(s->scratch = malloc(sizeof *s->scratch))) {
        snprintf(err, err_size, "out of memory");
        cs_issuer_store_free(s);
        return NULL;
    }
    err[0] = '\0';
    struct stat st;
    bool ok;
    if (stat(path, &st) != 0) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        ok = false;
    } else if (S_ISDIR(st.st_mode)) {
        pthread_mutex_lock(&walk_lock);
        walk.s = s;
        walk.err = err;
        walk.err_size = err_size;
        ok = nftw(path, walk_one, 16, FTW_PHYS) == 0;
        pthread_mutex_unlock(&walk_lock);
        if (!ok && !err[0])
            snprintf(err, err_size, "%s: %s", path, strerror(errno));
    } else {
        ok = add_file(s, path, err, err_size);
    }
    if (ok && s->oom) {
        snprintf(err, err_size, "%s: out of memory", path);
        ok = false;
    }
    if (ok && s->n == 0) {
        snprintf(err, err_size, "%s: no certificate found", path);
        ok = false;
    }
    free(s->scratch);
    s->scratch = NULL;
    if (!ok) {
        cs_issuer_store_free(s);
        return NULL;
    }
    qsort(s->e, s->n, sizeof *s->e, entry_cmp);
    if (skipped)
        *skipped = s->skipped;
    return s;
}

void cs_issuer_store_free(cs_issuer_store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->e[i].der);
    free(s->e);
    free(s->scratch);
    free(s);
}

size_t cs_issuer_store_count(const cs_issuer_store *s) { return s ? s->n : 0; }

bool cs_issuer_store_find(const cs_issuer_store *s, const cs_cert *c, const uint8_t **der, size_t *len)
{
    if (!s || !c->issuer.der.len)
        return false;
    /* The first entry whose subject is not below the issuer name. */
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (span_cmp(s->e[mid].subject, c->issuer.der) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* The CAs whose key identifier matches, else those of the name alone;
     * several keys among them: the issuer is not known. */
    const store_entry *found = NULL;
    bool by_key_id = false, ambiguous = false;
    for (size_t i = lo; i < s->n && span_cmp(s->e[i].subject, c->issuer.der) == 0; i++) {
        const store_entry *e = &s->e[i];
        bool ids = c->aki.has_key_id && e->ski.len;
        if (ids && span_cmp(e->ski, c->aki.key_id) != 0)
            continue; /* another key of the same name */
        if (ids && !by_key_id) { /* a key identifier match beats name-only ones */
            found = e;
            by_key_id = true;
            ambiguous = false;
        } else if (!found) {
            found = e;
        } else if (ids == by_key_id && span_cmp(found->spki, e->spki) != 0) {
            ambiguous = true;
        }
    }
    if (!found || ambiguous)
        return false;
    *der = found->der;
    *len = found->len;
    return true;
}
