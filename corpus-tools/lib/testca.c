/* certgen test CAs: one root, and one issuing CA per issuer key name.
 *
 * The CA for key type K signs with the last pool key of K (so never with a
 * subscriber default key).  EC issuers get the "tls-ca" profile (serverAuth),
 * all others "smime-ca" (emailProtection, anyPolicy); both are issued by the
 * RSA-4096 root.  Built once per process and cached (thread-safe). */
#include "cg_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keypool.h"

#include <openssl/sha.h>

typedef struct ca_entry {
    char name[32];
    uint8_t *der, *subj;
    size_t der_len, subj_len;
    uint8_t keyid[20];
    EVP_PKEY *key;
} ca_entry;

#define MAX_CAS 64
static ca_entry cas[MAX_CAS];
static size_t n_cas;
static ca_entry root;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t root_once = PTHREAD_ONCE_INIT;

static bool make(cg_cert *c, ca_entry *e)
{
    e->key = c->key;
    cg_key_id(c, e->keyid);
    e->subj = cg_subject_der(c, &e->subj_len);
    e->der = cg_der(c, &e->der_len);
    cg_free(c);
    return e->der != NULL;
}

static void make_root(void)
{
    strcpy(root.name, "root");
    make(cg_new("root"), &root);
}

static void fill(const ca_entry *e, cg_ca_info *out)
{
    out->der = e->der;
    out->der_len = e->der_len;
    out->name = e->subj;
    out->name_len = e->subj_len;
    out->keyid = e->keyid;
    out->keyid_len = 20;
    out->key = e->key;
}

bool cg_testca(const char *issuer_key, cg_ca_info *out)
{
    pthread_once(&root_once, make_root);
    if (!strcmp(issuer_key, "root")) {
        fill(&root, out);
        return root.der != NULL;
    }
    bool ok = false;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_cas; i++)
        if (!strcmp(cas[i].name, issuer_key)) {
            fill(&cas[i], out);
            ok = true;
            goto done;
        }
    EVP_PKEY *k = cg_pool_ca_key(issuer_key);
    if (!k || n_cas == MAX_CAS || strlen(issuer_key) >= sizeof cas[0].name)
        goto done;
    bool ec = EVP_PKEY_get_base_id(k) == EVP_PKEY_EC;
    cg_cert *c = cg_new(ec ? "tls-ca" : "smime-ca");
    char cn[64];
    snprintf(cn, sizeof cn, "certsweep Test CA %s", issuer_key);
    cg_subject_remove(c, "CN");
    cg_subject_add(c, "CN", cn, 0);
    cg_set_key_pkey(c, k);
    uint8_t h[32];
    SHA256((const uint8_t *)cn, strlen(cn), h);
    h[0] = (uint8_t)((h[0] & 0x3f) | 0x40); /* distinct, positive serials */
    memcpy(c->serial, h, 16);
    ca_entry *e = &cas[n_cas];
    snprintf(e->name, sizeof e->name, "%s", issuer_key);
    if (make(c, e)) {
        n_cas++;
        fill(e, out);
        ok = true;
    }
done:
    pthread_mutex_unlock(&lock);
    return ok;
}

uint8_t *cg_issuer_der(const char *issuer_key, size_t *len)
{
    cg_ca_info ca;
    if (!cg_testca(issuer_key, &ca))
        return NULL;
    uint8_t *p = malloc(ca.der_len);
    if (p) {
        memcpy(p, ca.der, ca.der_len);
        *len = ca.der_len;
    }
    return p;
}
