/* certgen's fixed key pool: see keypool.h. */
#include "keypool.h"

#include <openssl/pem.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static EVP_PKEY **keys;
static size_t n_keys;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    while (cg_pool_pems[n_keys].type)
        n_keys++;
    keys = calloc(n_keys, sizeof *keys);
    for (size_t i = 0; keys && i < n_keys; i++) {
        BIO *bio = BIO_new_mem_buf(cg_pool_pems[i].pem, -1);
        keys[i] = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
        BIO_free(bio);
    }
}

static long find(const char *type, size_t tlen, int index)
{
    pthread_once(&once, load);
    for (size_t i = 0; keys && i < n_keys; i++)
        if (strlen(cg_pool_pems[i].type) == tlen && !memcmp(cg_pool_pems[i].type, type, tlen) &&
            cg_pool_pems[i].index == index)
            return (long)i;
    return -1;
}

int cg_pool_count(const char *type)
{
    int n = 0;
    while (find(type, strlen(type), n) >= 0)
        n++;
    return n;
}

EVP_PKEY *cg_pool_key(const char *name)
{
    const char *colon = strchr(name, ':');
    size_t tlen = colon ? (size_t)(colon - name) : strlen(name);
    int index = colon ? atoi(colon + 1) : 0;
    long i = find(name, tlen, index);
    return i < 0 ? NULL : keys[i];
}

EVP_PKEY *cg_pool_ca_key(const char *name)
{
    char type[32];
    const char *colon = strchr(name, ':');
    size_t tlen = colon ? (size_t)(colon - name) : strlen(name);
    if (tlen >= sizeof type)
        return NULL;
    memcpy(type, name, tlen);
    type[tlen] = 0;
    if (colon) /* an explicit index names the CA key itself */
        return cg_pool_key(name);
    int n = cg_pool_count(type);
    if (n == 0)
        return NULL;
    long i = find(type, tlen, n - 1);
    return i < 0 ? NULL : keys[i];
}
