/* libFuzzer target over the worker-side decoders: cs_record_decode() on a
 * batch holding one record made of the input.  The first byte selects the
 * record encoding (low bits) and, for JSON Lines and CSV, the field or
 * column (high bits); the rest is the record, in a buffer of exactly its
 * size.  This covers strict base64, the JSON scanner, RFC 6962 leaves and
 * chains, static-ct-api TileLeaf entries and the CSV reader.  Seeds are
 * real records framed out of sample dumps (fuzz/seeds.sh). */
#include "fuzz.h"

#include "ingest/json.h"

/* --json-field values: none (the default names), a plain and a dotted
 * name, and degenerate names a user can still type. */
static const char *const decode_fields[] = { NULL, "raw", "data.leaf_cert.as_der", "", ".", "a..b" };

int cs_fuzz_decode(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sel = data[0], variant = sel >> 4;
    size_t n = size - 1;
    uint8_t *rec = fuzz_copy(data + 1, n);
    char no_member[] = "";
    cs_record r = { .encoding = (uint8_t)(sel % (CS_REC_TBS + 1)), .data_len = (uint32_t)n,
                    .origin = { .ct_index = -1 } };
    cs_batch b = {
        .n = 1, .cap = 1, .recs = &r, .data = rec, .data_len = n, .data_cap = n,
        .strings = no_member, .strings_len = 1, .strings_cap = 1,
        .json_field = decode_fields[variant % (sizeof decode_fields / sizeof decode_fields[0])],
        .csv_column = (int)(variant % 8) - 1,
    };
    /* The framers scan JSON values from the start of their window (JSON
     * Lines detection, CT JSON elements): so does this, on JSON records. */
    if (r.encoding == CS_REC_CT_ENTRY || r.encoding == CS_REC_JSON_LINE) {
        size_t end = 0;
        if (cs_json_value_end(rec, n, 0, &end) != CS_JSON_MORE)
            FUZZ_CHECK(end <= n);
    }
    fuzz_decode_record(&b, &r);
    free(rec);
    return 0;
}

#ifndef CS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return cs_fuzz_decode(data, size);
}
#endif
