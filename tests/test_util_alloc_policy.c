/* util/alloc_policy: after cs_alloc_policy_for_scan(), a batch-sized
 * block (3 MiB) comes from the heap, not a mapping of its own, and once
 * freed its pages are kept: allocated again, it faults nothing in.  With
 * glibc's defaults the block is mapped (128 KiB threshold) and unmapped
 * on free, so both checks fail there. */
#include <criterion/criterion.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "util/alloc_policy.h"

/* The sanitizers bring their own allocator, which ignores mallopt. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define OWN_ALLOCATOR 1
#endif
#endif

#ifdef OWN_ALLOCATOR
Test(alloc_policy, batch_blocks_come_from_the_heap_and_stay) { cr_skip_test("sanitizer allocator"); }
#else

#define BLOCK ((size_t)3 << 20)
#define PAGES ((long)(BLOCK / 4096))

static long thread_faults(void)
{
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_THREAD, &ru), 0);
    return ru.ru_minflt;
}

/* Allocates and fills a block; says whether it got a mapping of its own. */
static char *fill_block(int fill, bool *mapped)
{
    size_t maps = mallinfo2().hblks;
    char *p = malloc(BLOCK);
    cr_assert_not_null(p);
    *mapped = mallinfo2().hblks != maps;
    memset(p, fill, BLOCK);
    return p;
}

typedef struct outcome {
    bool mapped;
    long refaults; /* of the second to fourth block, after the first's free */
} outcome;

static void *blocks(void *arg)
{
    outcome *o = arg;
    free(fill_block(1, &o->mapped));
    long before = thread_faults();
    for (int i = 2; i <= 4; i++) {
        bool mapped;
        free(fill_block(i, &mapped));
        o->mapped = o->mapped || mapped;
    }
    o->refaults = thread_faults() - before;
    return NULL;
}

Test(alloc_policy, batch_blocks_come_from_the_heap_and_stay)
{
    cr_assert(cs_alloc_policy_for_scan(), "glibc took the thresholds");
    outcome main_arena = { 0 }, thread_arena = { 0 };
    blocks(&main_arena);
    /* A reader or worker thread allocates from an arena of its own. */
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, blocks, &thread_arena), 0);
    pthread_join(t, NULL);
    cr_expect(!main_arena.mapped, "main arena: a 3 MiB block from the heap");
    cr_expect(!thread_arena.mapped, "thread arena: a 3 MiB block from the heap");
    cr_expect_lt(main_arena.refaults, PAGES / 4, "main arena: %ld faults for 3 blocks of %ld pages",
                 main_arena.refaults, PAGES);
    cr_expect_lt(thread_arena.refaults, PAGES / 4, "thread arena: %ld faults for 3 blocks of %ld pages",
                 thread_arena.refaults, PAGES);
}
#endif
