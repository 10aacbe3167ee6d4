/* Reading a corpus through certsweep's ingest layer: see corpus_in.h. */
#include "corpus_in.h"

#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

#define POISON_OID "1.3.6.1.4.1.11129.2.4.3"

typedef struct reader {
    cg_entry_cb cb;
    void *ctx;
    uint64_t *bad;
    bool stopped;
    cs_decode_scratch scratch;
} reader;

/* The CT leaf TBS of a precertificate: its TBS re-encoded without the poison. */
static uint8_t *tbs_without_poison(const uint8_t *der, size_t len, size_t *out_len)
{
    const uint8_t *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    if (!x)
        return NULL;
    ASN1_OBJECT *poison = OBJ_txt2obj(POISON_OID, 1);
    int i = X509_get_ext_by_OBJ(x, poison, -1);
    ASN1_OBJECT_free(poison);
    if (i >= 0)
        X509_EXTENSION_free(X509_delete_ext(x, i));
    unsigned char *tbs = NULL;
    int l = i2d_re_X509_tbs(x, &tbs);
    X509_free(x);
    if (l <= 0)
        return NULL;
    uint8_t *out = malloc((size_t)l);
    if (out)
        memcpy(out, tbs, (size_t)l);
    OPENSSL_free(tbs);
    *out_len = (size_t)l;
    return out;
}

static bool sink(void *ctx, cs_batch *b)
{
    reader *r = ctx;
    for (size_t i = 0; i < b->n && !r->stopped; i++) {
        cs_decoded d;
        char why[160];
        if (!cs_record_decode(b, &b->recs[i], &r->scratch, &d, why, sizeof why) || d.tbs_only) {
            (*r->bad)++;
            continue;
        }
        cg_entry e = {.der = d.der, .len = d.len, .precert = d.precert,
                      .timestamp_ms = d.ct_timestamp >= 0 ? d.ct_timestamp : 0};
        if (d.issuer_der) {
            e.chain[0] = d.issuer_der;
            e.chain_len[0] = d.issuer_len;
        }
        uint8_t *tbs = NULL;
        if (e.precert || memmem(d.der, d.len, "\x06\x0a\x2b\x06\x01\x04\x01\xd6\x79\x02\x04\x03", 12)) {
            tbs = tbs_without_poison(d.der, d.len, &e.tbs_len);
            e.precert = tbs != NULL;
            e.tbs = tbs;
        }
        if (!r->cb(r->ctx, &e))
            r->stopped = true;
        free(tbs);
    }
    cs_batch_free(b);
    return !r->stopped;
}

bool cg_read_corpus(const char *path, const char *format, cg_entry_cb cb, void *ctx, uint64_t *bad,
                    char *err, size_t err_size)
{
    reader r = {.cb = cb, .ctx = ctx, .bad = bad};
    cs_ingest_options opt = {.format = format, .csv_column = -1};
    bool ok = cs_ingest_run(path, 0, &opt, sink, &r, NULL, err, err_size);
    cs_decode_scratch_free(&r.scratch);
    return ok;
}
