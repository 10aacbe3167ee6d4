/* Signed tree heads: log keys, RFC 6962 tree head signatures, checkpoint
 * notes (Ed25519 and RFC 6962 note signatures) and v3 log lists. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlog/checkpoint.h"
#include "ctlog/logkey.h"
#include "ctlog/loglist.h"
#include "ingest/decode.h"

/* The verifier key and signed note of c2sp.org/signed-note's example. */
Test(ctlog_notes, signed_note_example_key)
{
    static const char vkey[] = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static const char sig64[] = "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=";
    cs_logkey k;
    char err[256];
    cr_assert(cs_logkey_parse(vkey, strlen(vkey), &k, err, sizeof err), "%s", err);
    cr_assert(k.note_vkey && k.id == 0x530d903a && strcmp(k.name, "example.com/foo") == 0);
    uint8_t sig[80];
    size_t n, bad;
    const char *why;
    cr_assert(cs_b64_decode((const uint8_t *)sig64, strlen(sig64), false, sig, &n, &bad, &why));
    const char *msg = "This is an example message.\n";
    cr_assert(cs_logkey_verify_ed25519(&k, (const uint8_t *)msg, strlen(msg), sig + 4, n - 4));
    cr_assert_not(cs_logkey_verify_ed25519(&k, (const uint8_t *)msg, strlen(msg) - 1, sig + 4, n - 4));
    cs_logkey_free(&k);
    /* A key id that does not belong to the name and key is refused. */
    char bad_id[sizeof vkey];
    memcpy(bad_id, vkey, sizeof vkey);
    bad_id[16] = '1';
    cr_assert_not(cs_logkey_parse(bad_id, strlen(bad_id), &k, err, sizeof err));
    cr_assert_not(cs_logkey_parse("not a key", 9, &k, err, sizeof err));
}

/* A fresh key, and its public key as a log list gives it (base64 SPKI). */
static EVP_PKEY *keygen(const char *type, cs_logkey *pub)
{
    EVP_PKEY *k = strcmp(type, "ed25519") == 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")
                                               : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    uint8_t *der = NULL;
    int dl = i2d_PUBKEY(k, &der);
    char b64[400], err[256];
    EVP_EncodeBlock((unsigned char *)b64, der, dl);
    OPENSSL_free(der);
    cr_assert(cs_logkey_parse(b64, strlen(b64), pub, err, sizeof err), "%s", err);
    return k;
}

static size_t sign(EVP_PKEY *k, const EVP_MD *md, const void *msg, size_t len, uint8_t *out)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    size_t sl = 256;
    cr_assert(EVP_DigestSignInit(c, NULL, md, NULL, k) == 1 && EVP_DigestSign(c, out, &sl, msg, len) == 1);
    EVP_MD_CTX_free(c);
    return sl;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

/* DigitallySigned TreeHeadSignature of (ts, size, root). */
static size_t tree_head(EVP_PKEY *k, uint64_t ts, uint64_t size, const uint8_t root[32], uint8_t *out)
{
    uint8_t tbs[50] = { 0, 1 };
    put64(tbs + 2, ts);
    put64(tbs + 10, size);
    memcpy(tbs + 18, root, 32);
    size_t sl = sign(k, EVP_sha256(), tbs, sizeof tbs, out + 4);
    out[0] = 4, out[1] = 3, out[2] = (uint8_t)(sl >> 8), out[3] = (uint8_t)sl;
    return sl + 4;
}

Test(ctlog_notes, tree_head_signature)
{
    cs_logkey pub;
    EVP_PKEY *k = keygen("p256", &pub);
    uint8_t root[32] = { 1, 2, 3 }, sig[300];
    size_t sl = tree_head(k, 1000, 42, root, sig);
    char err[256];
    cr_assert(cs_logkey_verify_tree_head(&pub, 1000, 42, root, sig, sl, err, sizeof err), "%s", err);
    cr_assert_not(cs_logkey_verify_tree_head(&pub, 1000, 43, root, sig, sl, err, sizeof err));
    cr_assert_not(cs_logkey_verify_tree_head(&pub, 1001, 42, root, sig, sl, err, sizeof err));
    sig[1] = 1; /* says RSA */
    cr_assert_not(cs_logkey_verify_tree_head(&pub, 1000, 42, root, sig, sl, err, sizeof err));
    cr_assert_not(cs_logkey_verify_tree_head(&pub, 1000, 42, root, sig, 3, err, sizeof err));
    cs_logkey_free(&pub);
    EVP_PKEY_free(k);
}

/* A checkpoint note for (size, root) signed by k as the log `origin`. */
static char *checkpoint(EVP_PKEY *k, const cs_logkey *pub, const char *origin, uint64_t size, const uint8_t root[32],
                        const char *extra_sig_line)
{
    static char note[2048];
    char rb[64], sb[512];
    EVP_EncodeBlock((unsigned char *)rb, root, 32);
    int n = snprintf(note, sizeof note, "%s\n%llu\n%s\n", origin, (unsigned long long)size, rb);
    uint8_t sig[400];
    size_t sl;
    uint32_t id;
    if (cs_logkey_is_ed25519(pub)) {
        id = cs_checkpoint_ed25519_key_id(origin, pub);
        sl = 4 + sign(k, NULL, note, (size_t)n, sig + 4);
    } else {
        id = cs_checkpoint_rfc6962_key_id(origin, pub);
        put64(sig + 4, 77);
        sl = 12 + tree_head(k, 77, size, root, sig + 12);
    }
    sig[0] = (uint8_t)(id >> 24), sig[1] = (uint8_t)(id >> 16), sig[2] = (uint8_t)(id >> 8), sig[3] = (uint8_t)id;
    EVP_EncodeBlock((unsigned char *)sb, sig, (int)sl);
    snprintf(note + n, sizeof note - (size_t)n, "\n%s\xe2\x80\x94 %s %s\n", extra_sig_line, origin, sb);
    return note;
}

Test(ctlog_notes, checkpoints_ed25519_and_rfc6962)
{
    const char *types[] = { "ed25519", "p256" };
    for (int t = 0; t < 2; t++) {
        cs_logkey pub, other;
        EVP_PKEY *k = keygen(types[t], &pub), *k2 = keygen(types[t], &other);
        uint8_t root[32];
        memset(root, 0x5a, 32);
        cs_checkpoint cp;
        char err[256];
        /* Signatures by other keys (a witness) are ignored. */
        char *note = checkpoint(k, &pub, "log.example/a", 705, root, "\xe2\x80\x94 witness.example AAAAAAAA\n");
        cr_assert(cs_checkpoint_verify(note, strlen(note), &pub, &cp, err, sizeof err), "%s: %s", types[t], err);
        cr_assert_str_eq(cp.origin, "log.example/a");
        cr_assert_eq(cp.size, 705);
        cr_assert_arr_eq(cp.root, root, 32);
        cr_assert_eq(cp.timestamp, t ? 77u : 0u);
        /* Another key: no signature by it. */
        cr_assert_not(cs_checkpoint_verify(note, strlen(note), &other, &cp, err, sizeof err));
        cr_assert(strstr(err, "no signature by the log key"), "%s", err);
        /* A changed size does not verify. */
        note = checkpoint(k, &pub, "log.example/a", 705, root, "");
        note[14] = '6';
        cr_assert_not(cs_checkpoint_verify(note, strlen(note), &pub, &cp, err, sizeof err));
        /* Malformed notes. */
        note = checkpoint(k, &pub, "log.example/a", 705, root, "");
        note[3] = '\t';
        cr_assert_not(cs_checkpoint_verify(note, strlen(note), &pub, &cp, err, sizeof err));
        cr_assert_not(cs_checkpoint_verify("a\n1\n", 4, &pub, &cp, err, sizeof err));
        note = checkpoint(k, &pub, "log.example/a", 705, root, "");
        cr_assert_not(cs_checkpoint_verify(note, strlen(note) - 1, &pub, &cp, err, sizeof err), "no final newline");
        cs_logkey_free(&pub);
        cs_logkey_free(&other);
        EVP_PKEY_free(k);
        EVP_PKEY_free(k2);
    }
}

static const char list[] =
    "{\"version\":\"3.0\",\"operators\":["
    "{\"name\":\"Alpha\",\"email\":[],\"logs\":["
    "{\"description\":\"Alpha 2026h1\",\"log_id\":\"x\",\"key\":\"S0\",\"url\":\"https://ct.alpha.example/2026h1/\","
    "\"state\":{\"usable\":{\"timestamp\":\"2025-01-01T00:00:00Z\"}}},"
    "{\"description\":\"Alpha 2020\",\"key\":\"S1\",\"url\":\"https://ct.alpha.example/2020/\","
    "\"state\":{\"retired\":{\"timestamp\":\"2021-01-01T00:00:00Z\"}}}]},"
    "{\"name\":\"Beta \\u00e9\",\"logs\":[],\"tiled_logs\":["
    "{\"description\":\"Beta Tiles\",\"key\":\"S2\",\"submission_url\":\"https://b.example/\","
    "\"monitoring_url\":\"https://b-mon.example/\",\"state\":{\"readonly\":{}}}]}]}";

Test(ctlog_notes, log_list_selection)
{
    char err[256];
    cs_loglist *l = cs_loglist_parse(list, strlen(list), NULL, err, sizeof err);
    cr_assert_not_null(l, "%s", err);
    cr_assert_eq(l->n, 3);
    cr_assert_str_eq(l->logs[2].url, "https://b-mon.example/");
    cr_assert(l->logs[2].tiled && !l->logs[0].tiled);
    cr_assert(strncmp(l->logs[2].operator_name, "Beta ", 5) == 0); /* escapes beyond ASCII are not kept */
    cr_assert_str_eq(l->logs[1].state, "retired");
    cs_loglist_free(l);
    l = cs_loglist_parse(list, strlen(list), "usable", err, sizeof err);
    cr_assert(l && l->n == 1 && strcmp(l->logs[0].key, "S0") == 0);
    cs_loglist_free(l);
    l = cs_loglist_parse(list, strlen(list), "beta,2020", err, sizeof err);
    cr_assert(l && l->n == 2 && strcmp(l->logs[0].description, "Alpha 2020") == 0);
    cs_loglist_free(l);
    cr_assert_null(cs_loglist_parse("{\"operators\":3}", 15, NULL, err, sizeof err));
    cr_assert_null(cs_loglist_parse(list, strlen(list) - 3, NULL, err, sizeof err), "truncated");
}

/* Base64 has '+' too: an SPKI whose base64 has '+' nine characters after
 * its first '+' looks like "name+id+key" and is still a public key. */
Test(ctlog_notes, base64_key_with_plus_signs)
{
    for (int tries = 0; tries < 5000; tries++) {
        EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        uint8_t *der = NULL;
        int dl = i2d_PUBKEY(k, &der);
        char b64[400], err[256];
        int n = EVP_EncodeBlock((unsigned char *)b64, der, dl);
        OPENSSL_free(der);
        EVP_PKEY_free(k);
        const char *plus = strchr(b64, '+');
        if (!plus || plus == b64 || plus - b64 + 9 >= n || plus[9] != '+')
            continue;
        cs_logkey pub;
        cr_assert(cs_logkey_parse(b64, (size_t)n, &pub, err, sizeof err), "%s: %s", b64, err);
        cr_assert_not(pub.note_vkey);
        cs_logkey_free(&pub);
        return;
    }
    cr_assert_fail("no key with that base64 shape in 5000 tries");
}
