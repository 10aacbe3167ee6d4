/* CPU time by stage of a scan, for the benchmark driver (scan-bench)
 * only.  Off unless the driver turns it on before a scan: then every
 * probe in the pipeline and the ingest layer is one load of a global and
 * a branch that is never taken.
 *
 * Stages are measured on the thread's own CPU clock
 * (CLOCK_THREAD_CPUTIME_ID), so time the thread spent waiting or
 * descheduled on a busy machine is not counted. */
#ifndef CS_UTIL_STAGE_CLOCK_H
#define CS_UTIL_STAGE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Set before a scan starts and never while one runs. */
extern bool cs_stage_clock_on;

/* CPU time of the calling thread in nanoseconds (0 if unavailable). */
uint64_t cs_thread_cpu_ns(void);

/* CPU time the calling thread spent pulling input bytes (read(2),
 * decompression, archive extraction, the input digest), added up by the
 * read probes below; nested reads (a gzip member inside a tar) count once. */
extern _Thread_local uint64_t cs_stage_read_ns;
extern _Thread_local unsigned cs_stage_read_depth;

/* Around one pull of input bytes: t0 = cs_stage_read_begin(); read;
 * cs_stage_read_end(t0). */
static inline uint64_t cs_stage_read_begin(void)
{
    return cs_stage_clock_on && cs_stage_read_depth++ == 0 ? cs_thread_cpu_ns() : 0;
}

static inline void cs_stage_read_end(uint64_t t0)
{
    if (cs_stage_clock_on && --cs_stage_read_depth == 0)
        cs_stage_read_ns += cs_thread_cpu_ns() - t0;
}

#endif
