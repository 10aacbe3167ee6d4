/* libFuzzer target over what a CT log serves that is parsed before any
 * signature is checked: v3 log lists (--log-list), log keys (--log-key
 * and the lists' keys) and checkpoint notes (static-ct-api).  The first
 * byte selects the parser; the rest is its input, in a buffer of exactly
 * its size.  Checkpoints are verified with the signed-note example key,
 * so the parser runs on every input and the verifier on those that
 * name that key. */
#include "fuzz.h"

#include "ctlog/checkpoint.h"
#include "ctlog/logkey.h"
#include "ctlog/loglist.h"

static const char fuzz_vkey[] = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
static const char *const list_selects[] = { NULL, "usable", "Google", "argon,retired" };

int cs_fuzz_ctlog(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sel = data[0];
    size_t n = size - 1;
    char *in = (char *)fuzz_copy(data + 1, n);
    char err[512];
    switch (sel % 3) {
    case 0: {
        cs_loglist *l = cs_loglist_parse(in, n, list_selects[(sel >> 2) % 4], err, sizeof err);
        if (l)
            cs_loglist_free(l);
        break;
    }
    case 1: {
        cs_logkey k = { 0 };
        if (cs_logkey_parse(in, n, &k, err, sizeof err))
            cs_logkey_free(&k);
        break;
    }
    default: {
        cs_logkey k = { 0 };
        FUZZ_CHECK(cs_logkey_parse(fuzz_vkey, sizeof fuzz_vkey - 1, &k, err, sizeof err));
        cs_checkpoint cp;
        (void)cs_checkpoint_verify(in, n, &k, &cp, err, sizeof err);
        cs_logkey_free(&k);
        break;
    }
    }
    free(in);
    return 0;
}

#ifndef CS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return cs_fuzz_ctlog(data, size);
}
#endif
