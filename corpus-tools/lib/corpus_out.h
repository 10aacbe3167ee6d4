/* Corpus writers: one certificate stream out in each format certsweep reads.
 *
 *   pem          DIR/certs.pem           PEM blocks
 *   der-tar-gz   DIR/certs.tar.gz        one DER member per certificate
 *   der-tar-zst  DIR/certs.tar.zst
 *   ct-json      DIR/get-entries-NNNNNN.json  RFC 6962 get-entries (1000/file),
 *                precert_entry for precertificates, chains in extra_data
 *   tiles        DIR/tile/data/<N>[.p/W] + DIR/issuer/<sha256>  static-ct-api
 *   b64          DIR/certs.b64           one base64 DER per line
 *   csv          DIR/certs.csv           sha1,base64 (Rapid7 Sonar)
 *   jsonl        DIR/certs.jsonl         {"raw":"<base64>"} per line
 *
 * Used by certsweep-gen and certsweep-convert. */
#ifndef CG_CORPUS_OUT_H
#define CG_CORPUS_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CG_CHAIN_MAX 3

typedef struct cg_entry {
    const uint8_t *der;      /* the certificate (a precertificate carries the poison) */
    size_t len;
    bool precert;
    const uint8_t *tbs;      /* precert: TBS without the poison (CT leaf_input); may be NULL */
    size_t tbs_len;
    /* issuer first, then its issuer, up to the root; NULL when absent (three:
     * a precertificate signing CA, its issuing CA, the root) */
    const uint8_t *chain[CG_CHAIN_MAX];
    size_t chain_len[CG_CHAIN_MAX];
    int64_t timestamp_ms;    /* CT timestamp */
} cg_entry;

typedef struct cg_writer cg_writer;

extern const char *const cg_formats[]; /* NULL-terminated list of the names above */

/* Creates DIR (and parents) and opens the format's files; NULL + err on failure. */
cg_writer *cg_writer_open(const char *format, const char *dir, char *err, size_t err_size);
bool cg_writer_add(cg_writer *w, const cg_entry *e);
/* Flushes and closes; false when anything failed to write. Frees w. */
bool cg_writer_close(cg_writer *w);

/* mkdir -p */
bool cg_mkdirs(const char *path);

#endif
