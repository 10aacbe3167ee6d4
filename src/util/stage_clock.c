/* Stage clock storage and the thread CPU clock (stage_clock.h). */
#include "util/stage_clock.h"

#include <time.h>

bool cs_stage_clock_on;
_Thread_local uint64_t cs_stage_read_ns;
_Thread_local unsigned cs_stage_read_depth;

uint64_t cs_thread_cpu_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
