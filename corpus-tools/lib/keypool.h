/* certgen's fixed key pool (internal).
 *
 * Keys are committed PEM (corpus-tools/keys/gen-keys.sh) loaded once per
 * process.  A key name is "<type>" (index 0) or "<type>:<i>"; the test CAs
 * use the last key of each type, so a subscriber default never shares its
 * key with its issuer. */
#ifndef CG_KEYPOOL_H
#define CG_KEYPOOL_H

#include <openssl/evp.h>
#include <stdbool.h>

typedef struct cg_pool_pem {
    const char *type;
    int index;
    const char *pem;
} cg_pool_pem;

extern const cg_pool_pem cg_pool_pems[];

/* The key for "type" or "type:i", NULL when unknown.  Borrowed: never free. */
EVP_PKEY *cg_pool_key(const char *name);
/* Number of keys of a type (0 when unknown). */
int cg_pool_count(const char *type);
/* The pool key a test CA for issuer-key name `name` signs with: the last of its type. */
EVP_PKEY *cg_pool_ca_key(const char *name);

#endif
