/* Sorting fixed-size records in memcmp order of the whole record, in
 * place (the buffers of corpus/extsort.h).
 *
 * An MSD radix sort of the record indices: each range is split on its
 * first octet past the prefix all its records share (the common prefix is
 * skipped in one pass, so the 32 octets of one issuer's identity, or the
 * leading zeros of short serials, cost one comparison a record, not a
 * pass each), small ranges by insertion; then the records are permuted
 * into place, one copy each.  No comparison callback, and the per-record
 * work does not grow with log n as qsort's does. */
#ifndef CS_CORPUS_RECORD_SORT_H
#define CS_CORPUS_RECORD_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Extra memory the sort takes per record, besides a few KiB. */
#define CS_RECORD_SORT_OVERHEAD (2 * sizeof(uint32_t))

/* Sorts n records of `size` octets at buf (n < 2^32).  False on
 * out-of-memory, with the records left as they were. */
bool cs_record_sort(uint8_t *buf, size_t n, size_t size);

#endif
