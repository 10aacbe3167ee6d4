/* cs_digest(): algorithms fetched once (pthread_once), and one digest
 * context per thread and algorithm, reused for every call (EVP_Digest
 * allocates, initialises and frees a context on each). */
#include "x509/digest.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

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

/* The calling thread's contexts, freed when it exits. */
typedef struct thread_ctx {
    EVP_MD_CTX *ctx[N_ALGS];
} thread_ctx;
static pthread_key_t ctx_key;
static bool ctx_key_ok;

static void ctx_free(void *p)
{
    thread_ctx *tc = p;
    for (size_t i = 0; i < N_ALGS; i++)
        EVP_MD_CTX_free(tc->ctx[i]);
    free(tc);
}

static void fetch_all(void)
{
    for (size_t i = 0; i < N_ALGS; i++)
        fetched[i] = EVP_MD_fetch(NULL, names[i], NULL);
    ctx_key_ok = pthread_key_create(&ctx_key, ctx_free) == 0;
}

/* The thread's context for alg, NULL when memory runs out. */
static EVP_MD_CTX *thread_md_ctx(cs_digest_alg alg)
{
    if (!ctx_key_ok)
        return NULL;
    thread_ctx *tc = pthread_getspecific(ctx_key);
    if (!tc) {
        if (!(tc = calloc(1, sizeof *tc)))
            return NULL;
        if (pthread_setspecific(ctx_key, tc) != 0) {
            free(tc);
            return NULL;
        }
    }
    if (!tc->ctx[alg])
        tc->ctx[alg] = EVP_MD_CTX_new();
    return tc->ctx[alg];
}

const EVP_MD *cs_digest_md(cs_digest_alg alg)
{
    pthread_once(&once, fetch_all);
    return fetched[alg] ? fetched[alg] : implicit[alg]();
}

size_t cs_digest(cs_digest_alg alg, const void *data, size_t len, uint8_t *out)
{
    unsigned n = 0;
    const EVP_MD *md = cs_digest_md(alg);
    EVP_MD_CTX *ctx = thread_md_ctx(alg);
    if (!ctx)
        return EVP_Digest(data, len, out, &n, md, NULL) ? n : 0;
    return EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, data, len) && EVP_DigestFinal_ex(ctx, out, &n)
               ? n
               : 0;
}
