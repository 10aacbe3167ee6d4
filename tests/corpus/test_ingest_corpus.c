/* Ingest over the whole shared corpus (../shared, `make check-corpus`):
 * every file of corpus/real, read recursively, is one decoded record. */
#include "../test_ingest_util.h"

Test(ingest_corpus, whole_corpus_recursive)
{
    got g = { 0 };
    char d[600];
    snprintf(d, sizeof d, "%s/corpus/real", cs_test_shared_dir());
    ingest(&g, d);
    cr_assert(g.ret, "%s", g.err);
    cr_expect_eq(g.n, 5361);
    cr_expect_eq(g.decoded, 5361);
    cr_expect_eq(g.errors, 0);
    free(g.v);
}
