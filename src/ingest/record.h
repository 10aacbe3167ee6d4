/* Records and batches: what readers hand to workers.
 *
 * A framer (one per input format) only finds record boundaries; it copies
 * each record's raw bytes into a batch together with its origin and how it
 * is encoded.  Decoding (base64, JSON, Merkle tree leaves) happens in the
 * worker threads through cs_record_decode(), so one big input still uses
 * every core. */
#ifndef CS_INGEST_RECORD_H
#define CS_INGEST_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cs_record_encoding {
    CS_REC_DER = 0,     /* a DER certificate */
    CS_REC_BASE64,      /* base64 of a DER certificate; whitespace allowed (PEM body, base64 line) */
    CS_REC_PEM_TRUSTED, /* base64 of TRUSTED CERTIFICATE: DER certificate followed by aux data */
    CS_REC_CT_ENTRY,    /* one RFC 6962 get-entries JSON object {"leaf_input":..,"extra_data":..} */
    CS_REC_TILE_LEAF,   /* one static-ct-api TileLeaf (binary) */
    CS_REC_JSON_LINE,   /* one JSON object holding a base64 DER field (see cs_batch.json_field) */
    CS_REC_CSV_LINE,    /* one CSV line holding a base64 DER column (see cs_batch.csv_column) */
    CS_REC_TBS,         /* a bare DER TBSCertificate (pre-issuance linting) */
    CS_REC_ERROR,       /* the framer could not frame this stretch: data holds the reason text */
    CS_REC_TILE_LEAF_ISSUER, /* a TileLeaf followed by the DER of its first chain certificate
                                (the issuer, fetched from the log's issuer/<fingerprint>) */
    CS_REC_CHUNK,       /* a stretch of a plain member, from a record boundary to one, that a
                         * worker frames (cs_ingest_frame_chunk); origin.line = lines before it */
    CS_REC_CT_LEAF,     /* an RFC 6962 entry its log reader decoded (it hashes the leaf): the
                         * MerkleTreeLeaf's length (4 bytes, big-endian), the MerkleTreeLeaf,
                         * then the extra_data bytes */
} cs_record_encoding;

/* Where a record came from.  `input` indexes the scan's list of inputs;
 * `member` is the archive member or the file below a directory input
 * ("" for a plain file or stdin). */
typedef struct cs_origin {
    uint32_t input;
    uint32_t member;     /* offset of a NUL-terminated string in cs_batch.strings */
    uint64_t offset;     /* byte offset of the record in the (decompressed) member */
    uint64_t line;       /* 1-based line for line formats and PEM, 0 otherwise */
    int64_t ct_index;    /* CT log entry index when known, -1 otherwise */
} cs_origin;

typedef struct cs_record {
    uint8_t encoding;    /* cs_record_encoding */
    uint32_t data_off;   /* bytes in cs_batch.data */
    uint32_t data_len;
    cs_origin origin;
} cs_record;

typedef struct cs_batch {
    uint64_t seq;        /* per-input sequence number, for deterministic ordering */
    uint64_t order;      /* set by the scan pipeline: position among all the scan's batches */
    uint32_t input;
    size_t n, cap;
    cs_record *recs;
    uint8_t *data;
    size_t data_len, data_cap;
    char *strings;       /* member names, NUL-terminated, "" at offset 0 */
    size_t strings_len, strings_cap;
    const char *json_field; /* for CS_REC_JSON_LINE: field name, NULL = try raw, cert, der, ... */
    int csv_column;      /* for CS_REC_CSV_LINE: 0-based column, -1 = last */
    /* A chunk batch (one CS_REC_CHUNK record): the framer that frames it
     * and its record limit; NULL for a batch of framed records. */
    const struct cs_framer *chunk_framer;
    size_t max_record;
} cs_batch;

cs_batch *cs_batch_new(void);
void cs_batch_free(cs_batch *b);
void cs_batch_reset(cs_batch *b);
/* Makes room for this many records and bytes in all (a hint: false on
 * out-of-memory, the batch unchanged and still usable). */
bool cs_batch_reserve(cs_batch *b, size_t records, size_t bytes);
/* Interns a member name; returns its offset in strings (reuses the last one if equal). */
uint32_t cs_batch_intern(cs_batch *b, const char *member);
/* Appends a record, copying its bytes; false on out-of-memory or when the
 * record is larger than UINT32_MAX. */
bool cs_batch_add(cs_batch *b, cs_record_encoding enc, const void *data, size_t len,
                  const cs_origin *origin);
static inline const char *cs_batch_member(const cs_batch *b, const cs_record *r)
{
    return b->strings + r->origin.member;
}

/* ---- worker side ---------------------------------------------------- */

/* What a record decodes to: the certificate to lint and what the dump said
 * about it.  Pointers are into the record or into the scratch buffer. */
typedef struct cs_decoded {
    const uint8_t *der;
    size_t len;
    bool tbs_only;        /* der is a TBSCertificate */
    bool precert;         /* the dump says precertificate (CT precert_entry) */
    int64_t ct_index;     /* -1 when unknown */
    int64_t ct_timestamp; /* ms since epoch, -1 when unknown */
    const uint8_t *issuer_der; /* the certificate that signed this one, when the dump has it */
    size_t issuer_len;         /* (CT chain[0], possibly a precertificate signer; certstream chain[0]) */
} cs_decoded;

/* Per-worker scratch space for decoding; reused across records. */
typedef struct cs_decode_scratch {
    uint8_t *buf;
    size_t cap;
} cs_decode_scratch;

void cs_decode_scratch_free(cs_decode_scratch *s);

/* Decodes one record.  On failure returns false and writes a reason. */
bool cs_record_decode(const cs_batch *b, const cs_record *r, cs_decode_scratch *s,
                      cs_decoded *out, char *reason, size_t reason_size);

#endif
