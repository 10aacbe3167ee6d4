/* cs_stream_trade: a window gives its first n bytes away with its own
 * buffer (a chunk handed to a worker without a copy) and carries on in
 * the buffer it is given.  Against a window that consumes the same n
 * bytes instead: the same bytes given, the same bytes and positions
 * after, for random fills, consumes and trades with buffers of random
 * sizes; refused (nothing changed) for a lent block and for a buffer too
 * small for what the window keeps and a read. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/framer.h"

typedef struct src {
    const uint8_t *data;
    size_t n, pos;
    unsigned seed;
} src;

static unsigned next(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

static ssize_t src_read(void *ctx, void *buf, size_t n, char *err, size_t es)
{
    (void)err, (void)es;
    src *s = ctx;
    size_t k = s->n - s->pos < n ? s->n - s->pos : n;
    size_t most = 1 + next(&s->seed) % 70000;
    if (k > most)
        k = most;
    memcpy(buf, s->data + s->pos, k);
    s->pos += k;
    return (ssize_t)k;
}

static ssize_t src_lend(void *ctx, const uint8_t **block, bool *last, char *err, size_t es)
{
    (void)err, (void)es;
    src *s = ctx;
    size_t k = s->n - s->pos < 5000 ? s->n - s->pos : 5000;
    *block = s->data + s->pos;
    s->pos += k;
    *last = s->pos == s->n;
    return (ssize_t)k;
}

Test(trade, same_as_consuming)
{
    enum { N = 12000000 };
    uint8_t *data = malloc(N);
    cr_assert_not_null(data);
    unsigned seed = 3;
    for (size_t i = 0; i < N; i++)
        data[i] = (uint8_t)next(&seed);
    src ts = { data, N, 0, 11 }, cs = { data, N, 0, 11 };
    cs_stream t, c;
    size_t max = 2 * CS_STREAM_CHUNK + 300000;
    cs_stream_init(&t, src_read, &ts, max);
    cs_stream_init(&c, src_read, &cs, max);
    size_t traded = 0;
    int op_count = 0;
    for (int op = 0; op < 20000; op++, op_count++) {
        size_t want = 1 + next(&seed) % (2 * CS_STREAM_CHUNK);
        size_t a = cs_stream_fill(&t, want), b = cs_stream_fill(&c, want);
        cr_assert_eq(a, b, "op %d", op);
        if (a == 0)
            break;
        cr_assert(memcmp(cs_stream_data(&t), cs_stream_data(&c), a) == 0, "op %d", op);
        size_t n = next(&seed) % (op % 16 == 0 || a < 5000 ? a + 1 : 5000); /* mostly small */
        uint64_t pos = cs_stream_pos(&t);
        size_t cap = (size_t)next(&seed) % (3 * CS_STREAM_CHUNK);
        uint8_t *buf = cap ? malloc(cap) : NULL, *given = buf;
        size_t at = 0, given_cap = cap;
        bool ok = cs_stream_trade(&t, n, &buf, &cap, &at);
        bool can = given && given_cap >= a - n + CS_STREAM_CHUNK && given_cap <= max;
        cr_assert_eq(ok, can, "op %d: traded %d, could %d (cap %zu, keeps %zu)", op, ok, can, given_cap, a - n);
        if (ok) {
            traded++;
            cr_assert_neq(buf, given, "the window's buffer comes back");
            cr_assert(memcmp(buf + at, data + pos, n) == 0, "op %d: the bytes given away", op);
            cr_assert_eq(cs_stream_pos(&t), pos + n);
            cr_assert_eq(cs_stream_avail(&t), a - n);
        } else {
            cr_assert_eq(buf, given, "nothing changed");
            cr_assert_eq(cs_stream_pos(&t), pos);
            cs_stream_consume(&t, n);
        }
        free(buf);
        cs_stream_consume(&c, n);
        cr_assert_eq(cs_stream_pos(&t), cs_stream_pos(&c));
    }
    cr_assert_gt(traded, 50, "the trade was made (%zu times of %d)", traded, op_count);
    cs_stream_free(&t);
    cs_stream_free(&c);
    free(data);
}

Test(trade, lent_block_is_not_traded)
{
    static uint8_t data[20000];
    src s = { data, sizeof data, 0, 1 };
    cs_stream w;
    cs_stream_init_lending(&w, src_read, src_lend, &s, 4 * CS_STREAM_CHUNK);
    cr_assert_gt(cs_stream_fill(&w, 10), 0);
    size_t cap = 3 * CS_STREAM_CHUNK, at;
    uint8_t *buf = malloc(cap), *given = buf;
    cr_assert_not(cs_stream_trade(&w, 10, &buf, &cap, &at), "a lent block is not the window's to give");
    cr_assert_eq(buf, given);
    free(buf);
    cs_stream_free(&w);
}
