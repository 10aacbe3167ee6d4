/* Debian weak keys (CVE-2008-0166), recognised by blocklist.
 *
 * From September 2006 to May 2008 Debian's OpenSSL seeded its random
 * generator with little more than the process id, so every key type,
 * size and architecture had at most 32,767 possible keys.  Nothing in a
 * modulus shows it: the only check is a list of those keys.
 *
 * No list ships with certsweep, and none can be made here:
 *  - Debian 12 packages none: `apt-cache search` (after apt-get update)
 *    for blacklist, vulnkey, "weak key" finds no openssl-blacklist,
 *    openssh-blacklist or openssl-vulnkey (Debian dropped them long
 *    before bookworm), and no other Debian or npm package carries one;
 *  - generating one means running the vulnerable OpenSSL 0.9.8 of
 *    2006-2008 (not on this machine, not fetchable) once per process id,
 *    per key size, per architecture (the generator's state depends on
 *    endianness and word size) and per tool (openssl genrsa and
 *    ssh-keygen draw differently): 32,767 RSA key generations for each
 *    combination;
 *  - the reference lists the TLS BR names (6.1.1.3 (5)(1):
 *    github.com/cabforum/Debian-weak-keys) cannot be fetched from here.
 * So the list is read at run time from $CERTSWEEP_DEBIAN_WEAK_KEYS (a
 * file, or a directory whose regular files are all read), in the format
 * of Debian's openssl-blacklist (openssl-vulnkey, also what Let's
 * Encrypt's boulder reads): one key per line, the last 20 hex digits
 * (80 bits) of SHA-1("Modulus=" HEX "\n"), HEX the modulus in uppercase
 * hex, two digits per octet, no leading zero octet; a full 40-digit
 * SHA-1 is accepted too; '#' lines are comments.  Without a list the
 * Debian part of the weak-key rules does not run, and they say so. */
#ifndef CS_KEYS_DEBIAN_WEAK_H
#define CS_KEYS_DEBIAN_WEAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/span.h"

#define CS_DEBIAN_WEAK_ENV "CERTSWEEP_DEBIAN_WEAK_KEYS"
#define CS_DEBIAN_FP_LEN 10 /* octets: the last 80 bits of the SHA-1 */

typedef struct cs_blocklist cs_blocklist;

/* Reads a list file or a directory of them.  NULL on an unreadable path
 * (errno set) or when nothing in it is a fingerprint (errno EINVAL). */
cs_blocklist *cs_blocklist_load(const char *path);
void cs_blocklist_free(cs_blocklist *b);
size_t cs_blocklist_size(const cs_blocklist *b);

/* The list's fingerprint of an RSA modulus (big-endian, leading zero
 * octets ignored). */
void cs_debian_fingerprint(cs_span modulus, uint8_t out[CS_DEBIAN_FP_LEN]);
bool cs_blocklist_has_rsa(const cs_blocklist *b, cs_span modulus);

/* The process's list: $CERTSWEEP_DEBIAN_WEAK_KEYS, loaded on first use
 * (thread-safe, once); NULL when unset or unusable (then a message goes
 * to stderr once). */
const cs_blocklist *cs_debian_weak_keys(void);

#endif
