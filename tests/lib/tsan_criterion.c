/* Makes Criterion usable under ThreadSanitizer (make check-tsan).
 *
 * Criterion's BoxFort arena picks its shared-memory address as
 * 0x200000000000 + (rand_r() & 0x3fffff) << 24 and maps it MAP_FIXED,
 * retrying a few times.  Under TSan (clang 14, x86-64) almost all of that
 * range is TSan's shadow/meta memory, so every try fails and each test
 * binary dies with "Could not initialize inheritable arena".  An rand_r()
 * in the executable interposes on the libc one Criterion calls and keeps
 * the picks inside 0x5500..0x5680'0000'0000, which TSan leaves to the
 * application.  Only compiled in TSan builds; nothing else here calls
 * rand_r(). */
#include <stdlib.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CS_TSAN_BUILD 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define CS_TSAN_BUILD 1
#endif

#ifdef CS_TSAN_BUILD
int rand_r(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (int)(0x350000u + (*seed >> 8) % 0x18000u);
}
#else
typedef int cs_tsan_criterion_unused; /* not an empty translation unit */
#endif
