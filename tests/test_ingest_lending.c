/* The read window borrows its source's blocks (cs_lend_fn, archive
 * members through archive_read_data_block) instead of copying them:
 *  - a window that lends gives the same bytes, positions and lines as one
 *    that copies, for any mix of block sizes, holes (blocks that cannot
 *    be lent) and reads of any size (generated, against the copying
 *    window: the way it replaces);
 *  - every archive format gives the records of the same files read from
 *    a directory: members inside one block, members larger than a block
 *    (records that span blocks), sparse members (holes of zeros, one at
 *    the end of a DER file: an error after the certificates), tar,
 *    pax, cpio, zip, tar.xz, a tar inside a tar, and long member names
 *    cut as before. */
#include "test_ingest_util.h"

#include "ingest/framer.h"

/* ---- the window, against the copying one -------------------------------- */

/* A member of n bytes whose bytes [hole_at, hole_at + hole_len) are a
 * hole: it lends blocks of pseudo-random sizes, and CS_LEND_NO for the
 * hole, whose zeros only the copying read gives. */
typedef struct fake {
    const uint8_t *data;
    size_t n, pos, hole_at, hole_len;
    unsigned seed;
    bool say_last;  /* lend says which block is the last */
    bool ended;     /* lend returned 0 once */
    bool gave_last; /* lend said its block was the last */
} fake;

static unsigned next(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

static ssize_t fake_read(void *ctx, void *buf, size_t n, char *err, size_t es)
{
    (void)err, (void)es;
    fake *f = ctx;
    size_t k = f->n - f->pos < n ? f->n - f->pos : n;
    size_t most = 1 + next(&f->seed) % 5000; /* short reads too */
    if (k > most)
        k = most;
    for (size_t i = 0; i < k; i++) {
        size_t at = f->pos + i;
        ((uint8_t *)buf)[i] = at >= f->hole_at && at < f->hole_at + f->hole_len ? 0 : f->data[at];
    }
    f->pos += k;
    return (ssize_t)k;
}

static ssize_t fake_lend(void *ctx, const uint8_t **block, bool *last, char *err, size_t es)
{
    (void)err, (void)es;
    fake *f = ctx;
    cr_assert(!f->ended, "asked again after the end");
    cr_assert(!f->gave_last, "asked again after the block said to be the last");
    if (f->pos == f->n) {
        f->ended = true;
        return 0;
    }
    if (f->pos >= f->hole_at && f->pos < f->hole_at + f->hole_len)
        return CS_LEND_NO;
    size_t end = f->pos < f->hole_at ? f->hole_at : f->n;
    size_t k = 1 + next(&f->seed) % 9000;
    if (k > end - f->pos)
        k = end - f->pos;
    *block = f->data + f->pos;
    f->pos += k;
    *last = f->gave_last = f->say_last && f->pos == f->n;
    return (ssize_t)k;
}

Test(lending, window_gives_what_the_copying_window_gives)
{
    enum { N = 300000 };
    uint8_t *data = malloc(N);
    cr_assert_not_null(data);
    unsigned seed = 7;
    for (int round = 0; round < 60; round++) {
        size_t n = round % 10 == 0 ? (size_t)(next(&seed) % 64) : (size_t)(next(&seed) % N);
        for (size_t i = 0; i < n; i++) {
            unsigned r = next(&seed);
            data[i] = r % 40 == 0 ? '\n' : r % 53 == 0 ? '\r' : (uint8_t)(r >> 8);
        }
        size_t hole_at = round % 3 == 0 ? n : (size_t)(next(&seed) % (n + 1));
        size_t hole_len = hole_at < n ? (size_t)(next(&seed) % (n - hole_at + 1)) : 0;
        fake lf = { data, n, 0, hole_at, hole_len, seed, round % 2 == 0, false, false };
        fake cf = { data, n, 0, hole_at, hole_len, seed + 1, false, false, false };
        cs_stream ls, cs;
        size_t max = round % 4 == 0 ? 1000 : 20000; /* the window's record bound */
        cs_stream_init_lending(&ls, fake_read, fake_lend, &lf, max);
        cs_stream_init(&cs, fake_read, &cf, max);
        uint64_t pos = 0;
        for (int op = 0; op < 100000; op++) {
            unsigned kind = next(&seed) % 3;
            if (kind == 2) {
                const uint8_t *l1, *l2;
                size_t n1, n2;
                uint64_t o1, o2;
                size_t lmax = 1 + next(&seed) % 3000;
                cs_line_status s1 = cs_stream_line(&ls, lmax, &l1, &n1, &o1);
                cs_line_status s2 = cs_stream_line(&cs, lmax, &l2, &n2, &o2);
                cr_assert_eq(s1, s2, "round %d op %d", round, op);
                if (s1 == CS_LINE_END)
                    break;
                if (s1 == CS_LINE_OK) {
                    cr_assert_eq(o1, o2);
                    cr_assert_eq(n1, n2, "round %d op %d", round, op);
                    cr_assert(memcmp(l1, l2, n1) == 0);
                }
                cr_assert_eq(cs_stream_pos(&ls), cs_stream_pos(&cs));
                pos = cs_stream_pos(&ls);
                continue;
            }
            size_t want = 1 + next(&seed) % (kind == 0 ? 64 : 30000);
            size_t a1 = cs_stream_fill(&ls, want), a2 = cs_stream_fill(&cs, want);
            size_t left = n - (size_t)pos, must = want < left ? want : left;
            if (must > ls.max_cap)
                must = 0; /* more than the window may hold: no promise */
            cr_assert_geq(a1, must, "round %d op %d: %zu of %zu wanted", round, op, a1, want);
            cr_assert_geq(a2, must);
            size_t common = a1 < a2 ? a1 : a2;
            cr_assert(memcmp(cs_stream_data(&ls), cs_stream_data(&cs), common) == 0, "round %d op %d", round, op);
            for (size_t i = 0; i < common; i++) {
                size_t at = (size_t)pos + i;
                uint8_t want_byte = at >= hole_at && at < hole_at + hole_len ? 0 : data[at];
                if (cs_stream_data(&ls)[i] != want_byte)
                    cr_assert_fail("round %d op %d: byte %zu", round, op, at);
            }
            if (common == 0 && a1 == 0 && a2 == 0)
                break;
            size_t k = next(&seed) % (common + 1);
            cs_stream_consume(&ls, k);
            cs_stream_consume(&cs, k);
            pos += k;
            cr_assert_eq(cs_stream_pos(&ls), pos);
        }
        cr_assert_eq(cs_stream_skip(&ls, UINT64_MAX), cs_stream_skip(&cs, UINT64_MAX), "round %d", round);
        cr_assert(!ls.failed && !cs.failed);
        cs_stream_free(&ls);
        cs_stream_free(&cs);
    }
    free(data);
}

/* ---- archives, against the files they hold ------------------------------ */

static char dir[512];
static char out[1 << 16], err[1 << 16];
#define run(...) cs_test_runf(out, sizeof out, err, sizeof err, __VA_ARGS__)

static void setup(void)
{
    cs_test_tmpdir(dir, sizeof dir);
    /* tree/: a few hundred real certificates (one a file), a PEM bundle
     * and a DER concatenation each larger than libarchive's blocks, a
     * sparse file (a hole, then PEM) and a file of a hole, text and a
     * hole. */
    sh("mkdir -p %s/tree && cp -r %s/corpus/real %s/tree/ && cd %s/tree && "
       "for f in real/*/*.der; do echo '-----BEGIN CERTIFICATE-----'; base64 -w 64 $f; "
       "echo '-----END CERTIFICATE-----'; done > big.pem && "
       "cat real/*/*.der > big.der && "
       "truncate -s 700000 sparse.pem && tail -c 3000 big.pem | sed -n '/BEGIN/,$p' >> sparse.pem && "
       "truncate -s 300000 holes.pem && head -c 5000 big.pem >> holes.pem && truncate -s 900000 holes.pem && "
       "cat $(ls -d real/*/*.der | head -n 3) > sparse.der && truncate -s 800000 sparse.der",
       dir, cs_test_sample_dir(), dir, dir);
    sh("cd %s/tree && tar -cf ../t.tar --sort=name . && tar -cf ../pax.tar --format=pax --sort=name . && "
       "tar -S -cf ../sparse.tar --sort=name . && find . | sort | cpio -o -H newc --quiet > ../t.cpio && "
       "zip -qr ../t.zip . && tar -cf - --sort=name . | xz -0 -c > ../t.tar.xz && "
       "mkdir -p ../nest && cp ../t.tar ../nest/inner.tar && tar -C ../nest -cf ../nested.tar inner.tar", dir);
}

static void teardown(void)
{
    if (*dir)
        run("rm -rf %s", dir);
}

TestSuite(lending_archives, .init = setup, .fini = teardown, .timeout = 600);

static const char *words(char *dst, const char *s)
{
    size_t o = 0;
    for (; *s && o + 1 < 400; s++)
        if (*s < '0' || *s > '9')
            dst[o++] = *s;
    dst[o] = '\0';
    return dst;
}

static void sorted(got *g, const char *path)
{
    ingest(g, path);
    cr_assert(g->ret, "%s: %s", path, g->err);
    qsort(g->v, g->n, sizeof *g->v, got_rec_order);
}

/* The records of archive `name` are those of the tree, member names
 * below `prefix` ("" or "inner.tar/"). */
static void expect_as_tree(const char *name, const char *prefix)
{
    got want = { 0 }, have = { 0 };
    char path[600];
    snprintf(path, sizeof path, "%s/tree", dir);
    sorted(&want, path);
    cr_assert_gt(want.n, 1000, "the tree has records: %zu", want.n);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sorted(&have, path);
    cr_assert_eq(have.n, want.n, "%s: %zu records, the tree %zu", name, have.n, want.n);
    cr_assert_eq(have.st.records, want.st.records);
    for (size_t i = 0; i < want.n; i++) {
        const got_rec *w = &want.v[i], *h = &have.v[i];
        char member[400];
        snprintf(member, sizeof member, "%s%s", prefix, w->member);
        cr_assert_str_eq(h->member, member, "%s record %zu", name, i);
        cr_assert_eq(h->offset, w->offset, "%s: %s", name, w->member);
        cr_assert_eq(h->line, w->line, "%s: %s at %llu", name, w->member, (unsigned long long)w->offset);
        cr_assert_eq(h->enc, w->enc);
        cr_assert_eq(h->ok, w->ok);
        cr_assert_str_eq(h->sha, w->sha, "%s: %s at %llu", name, w->member, (unsigned long long)w->offset);
        /* Error texts quote how many bytes the window held, which
         * depends on the blocks it was read in: the words must match. */
        char hr[400], wr[400];
        cr_assert_str_eq(words(hr, h->reason), words(wr, w->reason), "%s: %s", name, w->member);
    }
    free(want.v);
    free(have.v);
}

Test(lending_archives, tar) { expect_as_tree("t.tar", ""); }
Test(lending_archives, pax) { expect_as_tree("pax.tar", ""); }
Test(lending_archives, sparse_tar) { expect_as_tree("sparse.tar", ""); }
Test(lending_archives, cpio) { expect_as_tree("t.cpio", ""); }
Test(lending_archives, zip) { expect_as_tree("t.zip", ""); }
Test(lending_archives, tar_xz) { expect_as_tree("t.tar.xz", ""); }
Test(lending_archives, tar_in_tar) { expect_as_tree("nested.tar", "inner.tar/"); }

Test(lending_archives, sparse_tar_has_sparse_members)
{
    /* The test means something only if tar -S made sparse entries. */
    run("tar -tvSf %s/sparse.tar ./sparse.pem", dir);
    cr_assert(strstr(out, "sparse.pem") != NULL, "%s%s", out, err);
    run("tar --sparse -cf - -C %s/tree sparse.pem | wc -c", dir);
    cr_assert_lt(atol(out), 700000, "a sparse entry does not store the hole: %s", out);
}

static bool first_member(void *ctx, cs_batch *b)
{
    char *name = ctx;
    if (b->n > 0 && !*name)
        snprintf(name, 8192, "%s", cs_batch_member(b, &b->recs[0]));
    cs_batch_free(b);
    return true;
}

Test(lending_archives, long_member_names_are_cut_as_before)
{
    /* A name longer than the 4096-byte member name buffer: cut to its
     * first 4095 bytes, the member still read. */
    char prefix[4600];
    memset(prefix, 'n', sizeof prefix - 1);
    prefix[sizeof prefix - 1] = '\0';
    for (size_t i = 200; i < sizeof prefix - 1; i += 200)
        prefix[i] = '/';
    sh("cd %s && cp $(ls -d tree/real/*/*.der | head -n 1) one.der && tar -cf long.tar --transform 's|^|%s/|' one.der",
       dir, prefix);
    static char name[8192];
    name[0] = '\0';
    char path[600], e[256];
    snprintf(path, sizeof path, "%s/long.tar", dir);
    cs_ingest_stats st = { 0 };
    cr_assert(cs_ingest_run(path, 0, NULL, first_member, name, &st, e, sizeof e), "%s", e);
    cr_assert_eq(st.records, 1);
    cr_assert_eq(strlen(name), 4095);
    cr_assert(strncmp(name, prefix, 4095) == 0);
}
