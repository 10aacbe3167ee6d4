/* The allocator policy for a bulk scan (see alloc_policy.h). */
#include "util/alloc_policy.h"

#include <stdlib.h> /* defines __GLIBC__ on glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

bool cs_alloc_policy_for_scan(void)
{
#ifdef __GLIBC__
    /* Setting either also stops glibc adapting them (both would be needed). */
    return mallopt(M_MMAP_THRESHOLD, (int)CS_ALLOC_MMAP_THRESHOLD) == 1 &&
           mallopt(M_TRIM_THRESHOLD, (int)CS_ALLOC_TRIM_THRESHOLD) == 1;
#else
    return false;
#endif
}
