/* Checkpoint notes (checkpoint.h). */
#include "ctlog/checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ingest/decode.h"
#include "x509/digest.h"

#define MAX_NOTE 65536
#define MAX_SIGS 64

static uint32_t key_id(const char *name, uint8_t type, const uint8_t *key, size_t key_len)
{
    size_t n = strlen(name);
    uint8_t *buf = malloc(n + 2 + key_len), h[32];
    if (!buf)
        return 0;
    memcpy(buf, name, n);
    buf[n] = '\n';
    buf[n + 1] = type;
    memcpy(buf + n + 2, key, key_len);
    cs_digest(CS_DIGEST_SHA256, buf, n + 2 + key_len, h);
    free(buf);
    return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
}

uint32_t cs_checkpoint_rfc6962_key_id(const char *name, const cs_logkey *key)
{
    return key_id(name, 0x05, key->log_id, 32);
}

uint32_t cs_checkpoint_ed25519_key_id(const char *name, const cs_logkey *key)
{
    uint8_t raw[32];
    size_t rl = sizeof raw;
    if (!cs_logkey_is_ed25519(key) || EVP_PKEY_get_raw_public_key(key->pkey, raw, &rl) != 1 || rl != 32)
        return 0;
    return key_id(name, 0x01, raw, 32);
}

/* The three lines of the checkpoint body. */
static bool parse_body(const char *t, size_t n, cs_checkpoint *out, bool *extensions, char *err, size_t es)
{
    const char *l1 = memchr(t, '\n', n);
    const char *l2 = l1 ? memchr(l1 + 1, '\n', n - (size_t)(l1 + 1 - t)) : NULL;
    const char *l3 = l2 ? memchr(l2 + 1, '\n', n - (size_t)(l2 + 1 - t)) : NULL;
    if (!l3 || l1 == t || (size_t)(l1 - t) >= sizeof out->origin) {
        snprintf(err, es, "checkpoint: fewer than three lines, or no origin");
        return false;
    }
    memcpy(out->origin, t, (size_t)(l1 - t));
    out->origin[l1 - t] = '\0';
    const char *s = l1 + 1;
    size_t sl = (size_t)(l2 - s);
    if (sl == 0 || sl > 20 || (sl > 1 && s[0] == '0') || strspn(s, "0123456789") < sl) {
        snprintf(err, es, "checkpoint: tree size is not a decimal number");
        return false;
    }
    out->size = 0;
    for (size_t i = 0; i < sl; i++) {
        if (out->size > (UINT64_MAX - 9) / 10) {
            snprintf(err, es, "checkpoint: tree size too large");
            return false;
        }
        out->size = out->size * 10 + (uint64_t)(s[i] - '0');
    }
    uint8_t root[48];
    size_t rl, bad;
    const char *why;
    if ((size_t)(l3 - l2 - 1) > 60 ||
        !cs_b64_decode((const uint8_t *)l2 + 1, (size_t)(l3 - l2 - 1), false, root, &rl, &bad, &why) || rl != 32) {
        snprintf(err, es, "checkpoint: root hash is not the base64 of 32 bytes");
        return false;
    }
    memcpy(out->root, root, 32);
    *extensions = (size_t)(l3 + 1 - t) < n;
    return true;
}

bool cs_checkpoint_verify(const char *note, size_t len, const cs_logkey *key, cs_checkpoint *out, char *err,
                          size_t es)
{
    memset(out, 0, sizeof *out);
    if (len == 0 || len > MAX_NOTE || note[len - 1] != '\n') {
        snprintf(err, es, "checkpoint: empty, too large or not ending in a newline");
        return false;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)note[i] < 0x20 && note[i] != '\n') {
            snprintf(err, es, "checkpoint: control character at byte %zu", i);
            return false;
        }
    /* The text ends at the last blank line; signatures follow. */
    size_t sep = 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (note[i] == '\n' && note[i + 1] == '\n')
            sep = i + 1;
    if (sep == 0) {
        snprintf(err, es, "checkpoint: no blank line before the signatures");
        return false;
    }
    bool extensions;
    if (!parse_body(note, sep, out, &extensions, err, es))
        return false;
    const char *name = key->note_vkey ? key->name : out->origin;
    bool ed = cs_logkey_is_ed25519(key);
    uint32_t want_id = key->note_vkey ? key->id
                       : ed           ? cs_checkpoint_ed25519_key_id(name, key)
                                      : cs_checkpoint_rfc6962_key_id(name, key);
    int verified = 0, sigs = 0;
    for (size_t i = sep + 1; i < len; sigs++) {
        const char *eol = memchr(note + i, '\n', len - i);
        const char *line = note + i;
        size_t ll = (size_t)(eol - line);
        i += ll + 1;
        if (sigs >= MAX_SIGS) {
            snprintf(err, es, "checkpoint: more than %d signatures", MAX_SIGS);
            return false;
        }
        /* "— <name> <base64>" (U+2014 is E2 80 94). */
        if (ll < 6 || memcmp(line, "\xe2\x80\x94 ", 4) != 0) {
            snprintf(err, es, "checkpoint: malformed signature line");
            return false;
        }
        const char *nm = line + 4, *sp = memchr(nm, ' ', ll - 4);
        if (!sp || sp == nm) {
            snprintf(err, es, "checkpoint: malformed signature line");
            return false;
        }
        size_t nl = (size_t)(sp - nm), bl = ll - 4 - nl - 1;
        if (nl != strlen(name) || memcmp(nm, name, nl) != 0 || bl > 4096)
            continue; /* another key's signature */
        uint8_t sig[3072];
        size_t sl, bad;
        const char *why;
        if (!cs_b64_decode((const uint8_t *)sp + 1, bl, false, sig, &sl, &bad, &why) || sl < 4)
            continue;
        uint32_t id = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 | (uint32_t)sig[2] << 8 | sig[3];
        if (id != want_id)
            continue;
        bool ok;
        if (ed) {
            ok = cs_logkey_verify_ed25519(key, (const uint8_t *)note, sep, sig + 4, sl - 4);
            if (!ok)
                snprintf(err, es, "checkpoint: the log's Ed25519 signature does not verify");
        } else if (extensions) {
            snprintf(err, es, "checkpoint: an RFC 6962 signed checkpoint has extension lines");
            ok = false;
        } else if (sl < 12) {
            snprintf(err, es, "checkpoint: RFC 6962 note signature too short");
            ok = false;
        } else {
            uint64_t ts = 0;
            for (int k = 0; k < 8; k++)
                ts = ts << 8 | sig[4 + k];
            char e2[200];
            ok = cs_logkey_verify_tree_head(key, ts, out->size, out->root, sig + 12, sl - 12, e2, sizeof e2);
            if (ok)
                out->timestamp = ts;
            else
                snprintf(err, es, "checkpoint: %s", e2);
        }
        if (!ok)
            return false;
        verified++;
    }
    if (!verified) {
        snprintf(err, es, "checkpoint: no signature by the log key (name %.100s, id %08x)", name, want_id);
        return false;
    }
    return true;
}
