/* cs_digest(): EVP_Digest with algorithms fetched once (pthread_once). */
#include "x509/digest.h"

#include <openssl/evp.h>
#include <pthread.h>

#define N_ALGS (CS_DIGEST_SHA512 + 1)

static const char *const names[N_ALGS] = {
    [CS_DIGEST_SHA1] = "SHA1", [CS_DIGEST_SHA256] = "SHA256",
    [CS_DIGEST_SHA384] = "SHA384", [CS_DIGEST_SHA512] = "SHA512",
};
/* The same algorithms through the implicit fetch, used if the explicit one failed. */
static const EVP_MD *(*const implicit[N_ALGS])(void) = {
    [CS_DIGEST_SHA1] = EVP_sha1, [CS_DIGEST_SHA256] = EVP_sha256,
    [CS_DIGEST_SHA384] = EVP_sha384, [CS_DIGEST_SHA512] = EVP_sha512,
};

/* Never freed: reachable until exit, so not a leak. */
static EVP_MD *fetched[N_ALGS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void fetch_all(void)
{
    for (size_t i = 0; i < N_ALGS; i++)
        fetched[i] = EVP_MD_fetch(NULL, names[i], NULL);
}

const EVP_MD *cs_digest_md(cs_digest_alg alg)
{
    pthread_once(&once, fetch_all);
    return fetched[alg] ? fetched[alg] : implicit[alg]();
}

size_t cs_digest(cs_digest_alg alg, const void *data, size_t len, uint8_t *out)
{
    unsigned n = 0;
    return EVP_Digest(data, len, out, &n, cs_digest_md(alg), NULL) ? n : 0;
}
