/* An external sort of fixed-size records, in memcmp order of the whole
 * record, with bounded memory.
 *
 * Records are buffered up to a byte bound; a full buffer is sorted and
 * written as one run to an unlinked temporary file (tmpfile(): $TMPDIR),
 * and iteration merges the runs and the buffer with a heap, reading each
 * run through a 64 KiB window.  Memory: the bound, plus 64 KiB per run
 * while iterating.  Equal records are all kept (callers skip repeats).
 * Not thread-safe: one sorter per thread. */
#ifndef CS_CORPUS_EXTSORT_H
#define CS_CORPUS_EXTSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cs_extsort cs_extsort;
typedef struct cs_extsort_iter cs_extsort_iter;

/* record_size > 0; memory_limit in bytes (at least one record is kept). */
cs_extsort *cs_extsort_new(size_t record_size, size_t memory_limit);
void cs_extsort_free(cs_extsort *s);

/* Adds a copy of one record.  False on out-of-memory or a temporary file
 * error (errno says which); the sorter is then unusable. */
bool cs_extsort_add(cs_extsort *s, const void *record);

/* The same in two steps, for a record built in place: room for one more
 * record (NULL on out-of-memory or a temporary file error, as above),
 * which counts once cs_extsort_commit() says it is filled.  Room not
 * committed is given again by the next reserve. */
void *cs_extsort_reserve(cs_extsort *s);
void cs_extsort_commit(cs_extsort *s);

/* Adds every record of `from` (which is not changed, but sorts its buffer). */
bool cs_extsort_add_all(cs_extsort *into, cs_extsort *from);

uint64_t cs_extsort_count(const cs_extsort *s);
size_t cs_extsort_record_size(const cs_extsort *s);
/* Runs written to the temporary file so far (0: everything in memory). */
size_t cs_extsort_runs(const cs_extsort *s);

/* Iterates every record in ascending order.  Adding while an iterator is
 * open is not allowed.  NULL on out-of-memory. */
cs_extsort_iter *cs_extsort_iter_new(cs_extsort *s);
/* The next record (valid until the next call), NULL at the end or on a
 * read error (see cs_extsort_iter_failed). */
const uint8_t *cs_extsort_next(cs_extsort_iter *it);
bool cs_extsort_iter_failed(const cs_extsort_iter *it);
void cs_extsort_iter_free(cs_extsort_iter *it);

#endif
