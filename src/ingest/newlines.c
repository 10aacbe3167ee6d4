/* Newlines counted 64 bytes a step (newlines.h). */
#include "ingest/newlines.h"

#include <string.h>

/* Sixteen bytes compared at once (GNU C vector extensions, which gcc and
 * clang lower to SSE2 on x86-64 and to the target's vectors, or plain
 * code, elsewhere).  A comparison gives -1 in each lane that matches:
 * subtracting it counts, eight bits a lane, so the lanes are summed
 * before they can wrap. */
typedef uint8_t bytes16 __attribute__((vector_size(16)));
#define STEP 64
#define STEPS_PER_SUM 63 /* 4 matches a lane a step: 63 x 4 < 256 */

static bytes16 load16(const uint8_t *p)
{
    bytes16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint64_t lane_sum(bytes16 acc)
{
    uint64_t k = 0;
    for (size_t h = 0; h < sizeof acc; h += 8) {
        uint64_t x;
        memcpy(&x, (const uint8_t *)&acc + h, 8);
        x = (x & 0x00ff00ff00ff00ffu) + (x >> 8 & 0x00ff00ff00ff00ffu); /* four 16-bit sums */
        k += (x * 0x0001000100010001u) >> 48;
    }
    return k;
}

uint64_t cs_count_newlines(const uint8_t *p, size_t n)
{
    bytes16 nl;
    memset(&nl, '\n', sizeof nl);
    uint64_t k = 0;
    size_t i = 0;
    while (n - i >= STEP) {
        size_t steps = (n - i) / STEP < STEPS_PER_SUM ? (n - i) / STEP : STEPS_PER_SUM;
        bytes16 acc = { 0 };
        for (size_t s = 0; s < steps; s++, i += STEP)
            acc -= (bytes16)(load16(p + i) == nl) + (bytes16)(load16(p + i + 16) == nl) +
                   (bytes16)(load16(p + i + 32) == nl) + (bytes16)(load16(p + i + 48) == nl);
        k += lane_sum(acc);
    }
    for (; i < n; i++)
        k += p[i] == '\n';
    return k;
}

uint64_t cs_count_full_lines(const uint8_t *p, size_t n)
{
    if (n == 0 || p[0] == '\n')
        return 0;
    bytes16 nl;
    memset(&nl, '\n', sizeof nl);
    uint64_t k = 0;
    size_t i = 0;
    /* A newline right after a newline: the lane of p[i] and of p[i + 1]
     * both match (i + 16 < n: the second load stays inside). */
    while (n - i > 32) {
        size_t steps = (n - i - 1) / 32 < STEPS_PER_SUM ? (n - i - 1) / 32 : STEPS_PER_SUM;
        bytes16 acc = { 0 }, twice = { 0 };
        for (size_t s = 0; s < steps; s++, i += 32) {
            bytes16 a = (bytes16)(load16(p + i) == nl), b = (bytes16)(load16(p + i + 16) == nl);
            twice |= (a & (bytes16)(load16(p + i + 1) == nl)) | (b & (bytes16)(load16(p + i + 17) == nl));
            acc -= a + b;
        }
        uint64_t t[2];
        memcpy(t, &twice, sizeof t);
        if (t[0] | t[1])
            return 0;
        k += lane_sum(acc);
    }
    for (; i < n; i++) {
        if (p[i] != '\n')
            continue;
        if (i + 1 < n && p[i + 1] == '\n')
            return 0;
        k++;
    }
    return k;
}
