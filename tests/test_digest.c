/* One-shot digests (x509/digest.h) with a context reused per thread: the
 * FIPS 180 test vectors, each algorithm after another on one thread, and
 * several threads at once, each with its own context. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "x509/digest.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

static bool digest_is(cs_digest_alg alg, const char *msg, const char *want)
{
    uint8_t md[CS_DIGEST_MAX];
    char got[2 * CS_DIGEST_MAX + 1];
    size_t n = cs_digest(alg, msg, strlen(msg), md);
    hex(md, n, got);
    return n == strlen(want) / 2 && strcmp(got, want) == 0;
}

#define SHA1_ABC "a9993e364706816aba3e25717850c26c9cd0d89d"
#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA384_ABC "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
#define SHA512_ABC                                                                                                 \
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e" \
    "2a9ac94fa54ca49f"

static bool all_vectors(void)
{
    return digest_is(CS_DIGEST_SHA256, "abc", SHA256_ABC) && digest_is(CS_DIGEST_SHA1, "abc", SHA1_ABC) &&
           digest_is(CS_DIGEST_SHA256, "", SHA256_EMPTY) && digest_is(CS_DIGEST_SHA384, "abc", SHA384_ABC) &&
           digest_is(CS_DIGEST_SHA512, "abc", SHA512_ABC) && digest_is(CS_DIGEST_SHA256, "abc", SHA256_ABC);
}

Test(digest, test_vectors_again_and_again)
{
    for (int i = 0; i < 3; i++)
        cr_assert(all_vectors(), "round %d", i);
}

static void *worker(void *arg)
{
    bool *ok = arg;
    *ok = true;
    for (int i = 0; i < 200 && *ok; i++)
        *ok = all_vectors();
    return NULL;
}

Test(digest, threads_have_their_own_contexts)
{
    enum { THREADS = 4 };
    pthread_t t[THREADS];
    bool ok[THREADS];
    for (int i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, worker, &ok[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        cr_assert_eq(pthread_join(t[i], NULL), 0);
        cr_expect(ok[i], "thread %d", i);
    }
}
