/* The process's allocator policy for a bulk scan.
 *
 * glibc returns the free top of a heap to the kernel once it passes a
 * trim threshold, and serves blocks above an mmap threshold with fresh
 * mappings; both start at 128 KiB and adapt upward only to blocks served
 * by mmap and then freed.  A scan allocates and frees a batch (a few
 * hundred KiB, up to 2 MiB) per few hundred records: the frees gave the
 * heap's top back (madvise), and the next batches faulted it in again and
 * had the kernel clear it: 35,000 minor faults a scan of the real corpus
 * x40 as a tar at -j1 (3 % of its CPU), 78,000 as PEM on a pipe; 9,500
 * and 12,700 with these thresholds, for 2 MB more peak RSS.  A trim
 * threshold of 4 MiB still left the PEM scan 40,000 (a sort buffer freed
 * on top of the batches), 8 MiB cost 6 MB more RSS.
 *
 * Process-wide, so the program (the CLI, a bench driver) calls it, never
 * the library on its user's behalf. */
#ifndef CS_UTIL_ALLOC_POLICY_H
#define CS_UTIL_ALLOC_POLICY_H

#include <stdbool.h>
#include <stddef.h>

/* Blocks below this come from the heap, not a mapping of their own. */
#define CS_ALLOC_MMAP_THRESHOLD ((size_t)4 << 20)
/* Free memory at a heap's top kept up to this (per arena: a thread's). */
#define CS_ALLOC_TRIM_THRESHOLD ((size_t)6 << 20)

/* Sets both thresholds.  False when the allocator refused (or is not
 * glibc's): the scan runs the same, only with more page faults. */
bool cs_alloc_policy_for_scan(void);

#endif
