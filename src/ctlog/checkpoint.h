/* Checkpoints (c2sp.org/tlog-checkpoint): a signed note whose text is the
 * origin, the tree size and the root hash, checked with the log's key:
 * an Ed25519 note signature (type 0x01) or the RFC 6962 tree head
 * signature of static-ct-api logs (type 0x05). */
#ifndef CS_CTLOG_CHECKPOINT_H
#define CS_CTLOG_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctlog/logkey.h"

typedef struct cs_checkpoint {
    char origin[256];
    uint64_t size;
    uint8_t root[32];
    uint64_t timestamp;   /* ms, from an RFC 6962 signature; 0 with Ed25519 */
} cs_checkpoint;

/* Parses the note and verifies it: true only when a signature by `key`
 * verifies and none by it fails (signed-note rules: signatures by other
 * keys are ignored).  False with a message otherwise. */
bool cs_checkpoint_verify(const char *note, size_t len, const cs_logkey *key, cs_checkpoint *out, char *err,
                          size_t err_size);

/* The note key id of an RFC 6962 (0x05) signature by `key` named `name`. */
uint32_t cs_checkpoint_rfc6962_key_id(const char *name, const cs_logkey *key);
/* ... and of an Ed25519 (0x01) one. */
uint32_t cs_checkpoint_ed25519_key_id(const char *name, const cs_logkey *key);

#endif
