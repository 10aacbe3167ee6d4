/* The input digest of a plain file read by several readers (parts.h):
 * SHA-256 of its bytes in order, which no part sees all of, is made by
 * one of them in a pass of plain reads of its own (SHA-256 runs at over
 * 1 GB/s, far faster than the framing and linting of the same bytes).
 * The value is the one a single reader makes (cs_ingest_stats.sha256). */
#include "ingest/ingest_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIGEST_READ ((size_t)1 << 20)

void cs_source_file_digest(cs_ingest *ing, int fd, uint64_t size)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    uint8_t *buf = malloc(DIGEST_READ);
    if (!md || !buf || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        cs_ingest_lost(ing, "", 0, "out of memory making the input digest");
        EVP_MD_CTX_free(md);
        free(buf);
        return;
    }
    uint64_t at = 0;
    while (at < size && !cs_ingest_stopping(ing)) {
        size_t want = size - at < DIGEST_READ ? (size_t)(size - at) : DIGEST_READ;
        ssize_t n = pread(fd, buf, want, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            /* As a single reader does: the digest of what could be read,
             * and the input incomplete (the error record is the part's
             * that meets the same end). */
            cs_ingest_incomplete(ing, "read error at byte %llu: %s", (unsigned long long)at,
                                 n == 0 ? "the file shrank under us" : strerror(errno));
            break;
        }
        EVP_DigestUpdate(md, buf, (size_t)n);
        at += (uint64_t)n;
    }
    free(buf);
    cs_source_digest_done(ing->stats, md, at);
}
