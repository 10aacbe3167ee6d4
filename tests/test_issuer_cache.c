/* The workers' issuer cache: each lookup gives the view of exactly the DER
 * asked for (whatever was evicted before), a hit reuses the view, the
 * caller's bytes are copied, and what does not parse is unknown. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "pipeline/issuer_cache.h"

static const char *const keys[] = { "rsa2048", "rsa3072", "rsa4096", "p256", "p384",
                                    "p521",    "ed25519", "ed448",   "secp256k1", "rsa1024" };
#define N (sizeof keys / sizeof keys[0])

Test(issuer_cache, views_follow_the_der_through_evictions)
{
    cr_assert_gt(N, CS_ISSUER_CACHE_SLOTS, "more issuers than slots");
    uint8_t *der[N];
    size_t len[N];
    for (size_t i = 0; i < N; i++)
        cr_assert_not_null(der[i] = cg_issuer_der(keys[i], &len[i]), "%s", keys[i]);
    cs_issuer_cache *ic = cs_issuer_cache_new();
    cr_assert_not_null(ic);
    /* A pattern with runs (hits), returns to recent issuers and evictions. */
    static const unsigned seq[] = { 0, 0, 1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 0, 9, 1, 1, 5, 2, 8, 0, 0, 3 };
    for (size_t k = 0; k < sizeof seq / sizeof seq[0]; k++) {
        unsigned i = seq[k];
        /* From a scratch copy that is overwritten afterwards: the cache keeps its own. */
        uint8_t *copy = malloc(len[i]);
        memcpy(copy, der[i], len[i]);
        const cs_cert *v = cs_issuer_cache_get(ic, copy, len[i]);
        memset(copy, 0, len[i]);
        free(copy);
        cr_assert_not_null(v, "%s", keys[i]);
        cr_expect(cs_span_eq_bytes(v->der, der[i], len[i]), "step %zu: the view of %s", k, keys[i]);
        cr_expect(v->is_ca && v->ski.present, "step %zu: parsed", k);
        if (k && seq[k - 1] == i)
            cr_expect_eq(v, cs_issuer_cache_get(ic, der[i], len[i]), "a hit gives the same view");
    }
    static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    cr_expect_null(cs_issuer_cache_get(ic, junk, sizeof junk));
    cr_expect_null(cs_issuer_cache_get(ic, junk, sizeof junk), "a cached failure stays unknown");
    cr_expect_null(cs_issuer_cache_get(ic, NULL, 0));
    uint8_t *big = calloc(1, CS_ISSUER_MAX_DER + 1);
    memcpy(big, der[0], len[0]);
    cr_expect_null(cs_issuer_cache_get(ic, big, CS_ISSUER_MAX_DER + 1), "too large");
    cr_expect_not_null(cs_issuer_cache_get(ic, der[0], len[0]));
    free(big);
    cs_issuer_cache_free(ic);
    for (size_t i = 0; i < N; i++)
        free(der[i]);
}
