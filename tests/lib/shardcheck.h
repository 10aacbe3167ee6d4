/* Sharded scans checked against one scan (tests/test_shard.c and
 * tests/corpus/test_shard_corpus.c). */
#ifndef CS_TESTS_SHARDCHECK_H
#define CS_TESTS_SHARDCHECK_H

/* `certsweep scan OPTS INPUTS` into DIR/ref (INPUTS: shell words). */
void cs_test_shard_ref(const char *dir, const char *inputs, const char *opts);

/* `certsweep scan --shard K/N OPTS INPUTS --state` for K = 1..N (two at a
 * time) into DIR/nN/K, then `certsweep merge` of the N states into
 * DIR/nN/merged, and asserts: every record read exactly once (the shards'
 * records_read, and each input's, add up to those of DIR/ref) and the
 * merged reports are byte for byte those of DIR/ref. */
void cs_test_shard_match(const char *dir, const char *inputs, const char *opts, unsigned n);

/* The plan of `input` for N = 2 .. max_n: `units` units in all, and
 * every shard's bytes within 10 % of the mean. */
void cs_test_shard_balanced(const char *input, unsigned max_n, unsigned long long units);

/* records_read of input `input` in a summary.json (-1: no such input). */
long long cs_test_input_records(const char *summary, unsigned input);

#endif
