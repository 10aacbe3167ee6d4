/* Ingest over the whole shared corpus (../shared, `make check-corpus`):
 * every file of corpus/real, read recursively, is one decoded record. */
#include "../test_ingest_util.h"

Test(ingest_corpus, whole_corpus_recursive)
{
    got g = { 0 };
    char d[600];
    snprintf(d, sizeof d, "%s/corpus/real", cs_test_shared_dir());
    expect_tree_decodes(&g, d, 5361);
    free(g.v);
}
