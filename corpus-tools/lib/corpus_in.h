/* Reading a corpus in any format certsweep reads, one certificate at a
 * time, through certsweep's own ingest layer (so the converters accept
 * exactly what the scanner accepts).  Used by certsweep-convert/-sample. */
#ifndef CG_CORPUS_IN_H
#define CG_CORPUS_IN_H

#include <stdbool.h>
#include <stdint.h>

#include "corpus_out.h"

/* Called per certificate in input order; e->tbs is set for precertificates
 * (the TBS without the poison extension, as CT logs it).  Return false to stop. */
typedef bool (*cg_entry_cb)(void *ctx, const cg_entry *e);

/* Reads path (file, directory, archive, "-").  format NULL = detect.
 * *bad counts records that did not decode.  False + err when the input
 * cannot be read at all. */
bool cg_read_corpus(const char *path, const char *format, cg_entry_cb cb, void *ctx, uint64_t *bad,
                    char *err, size_t err_size);

#endif
