/* A static-ct-api log over HTTP: a log made by the test from generated
 * certificates (tiles, hash tiles, signed checkpoint, issuers) served by
 * nginx on a loopback port, read by `certsweep scan URL`. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctlog_env.h"
#include "ingest/tile_leaf.h"
#include "runcmd.h"

static char dir[256];
static ctlog_server srv;
static long entries;
static char out[8192], err[16384];

static void setup(void)
{
    entries = ctlog_fixture(dir, sizeof dir);
    char root[400];
    snprintf(root, sizeof root, "%s/gen/tiles", dir);
    ctlog_nginx_start(&srv, dir, root);
}

static void teardown(void)
{
    ctlog_cleanup(&srv, dir);
}

/* `certsweep scan` of the log into dir/NAME with extra options. */
static int scan(const char *name, const char *key, const char *extra)
{
    return cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/%s --log-key %s/%s %s %s/", cs_test_certsweep(),
                        dir, name, dir, key, extra, srv.url);
}

TestSuite(static_log, .init = setup, .fini = teardown, .timeout = 300);

Test(static_log, whole_log_read_and_verified)
{
    cr_assert_gt(entries, 512, "the log needs two full tiles and a partial one");
    cr_assert_eq(scan("r1", "ed.pub", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r1", "records_read"), entries);
    cr_assert_eq(ctlog_summary(dir, "r1", "certificates_linted"), entries);
    char *s = ctlog_slurp(strcat(strcpy(out, dir), "/r1/summary.json"));
    cr_assert(s && strstr(s, "\"partial\": false"), "%s", s);
    free(s);
    /* The issuers came from issuer/<fingerprint>: the issuer rules ran. */
    cr_assert_eq(scan("r2", "ed.pub", "--fetch-jobs 1"), 0, "%s", err);
    cr_assert(ctlog_same_reports(dir, "r1", "r2"), "the same log read twice gives the same reports");
}

Test(static_log, counts_match_the_same_tiles_read_from_files)
{
    cr_assert_eq(scan("net", "ed.pub", ""), 0, "%s", err);
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/files %s/gen/tiles/tile/data",
                          cs_test_certsweep(), dir, dir);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "net", "records_read"), ctlog_summary(dir, "files", "records_read"));
    cr_assert_eq(ctlog_summary(dir, "net", "precertificates"), ctlog_summary(dir, "files", "precertificates"));
}

Test(static_log, ecdsa_key_rfc6962_note_signature)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s/certsweep-ctlog static %s/gen/tiles %s/p256.pem log.example/test >/dev/null",
             cs_test_bindir(), dir, dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(scan("r", "p256.pub", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
}

Test(static_log, wrong_key_reads_nothing)
{
    cr_assert_eq(scan("r", "p256.pub", ""), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "no signature by the log key"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 0);
}

Test(static_log, tampered_data_tile_is_a_misbehaving_log)
{
    char path[400];
    snprintf(path, sizeof path, "%s/gen/tiles/tile/data/001", dir);
    ctlog_flip_byte(path, 200);
    cr_assert_eq(scan("r", "ed.pub", ""), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "data tile 1"), "%s", err);
    /* Tile 0 was checked and counted; nothing of tile 1 or after. */
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 256);
    char *s = ctlog_slurp(strcat(strcpy(out, dir), "/r/summary.json"));
    cr_assert(s && strstr(s, "\"partial\": true") && strstr(s, "log misbehaving"), "%s", s);
    free(s);
}

Test(static_log, tampered_partial_tile_and_hash_tile)
{
    char path[400];
    snprintf(path, sizeof path, "%s/gen/tiles/tile/1/000.p/2", dir);
    ctlog_flip_byte(path, 3);
    cr_assert_eq(scan("r", "ed.pub", ""), 5, "%s", err);
    cr_assert(strstr(err, "do not hash to the checkpoint root"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 0);
}

Test(static_log, range_from_to)
{
    cr_assert_eq(scan("r", "ed.pub", "--from 300 --to 650"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 351);
    cr_assert_eq(scan("edge", "ed.pub", "--from 600"), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "edge", "records_read"), entries - 600);
}

Test(static_log, gzip_object_served_without_content_encoding)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd %s/gen/tiles/tile/data && gzip -c 000 > 000.gz && mv 000.gz 000", dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(scan("r", "ed.pub", ""), 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
}

Test(static_log, missing_issuer_makes_the_input_incomplete)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm %s/gen/tiles/issuer/$(ls %s/gen/tiles/issuer | head -1)", dir, dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(scan("r", "ed.pub", "--retry-budget 0"), 5, "%s", err);
    cr_assert(strstr(err, "not found (404)"), "%s", err);
}

Test(static_log, log_list_selects_and_keys_the_log)
{
    char cmd[2048], list[400];
    snprintf(list, sizeof list, "%s/list.json", dir);
    /* The key as a log list carries it: base64 DER SubjectPublicKeyInfo. */
    snprintf(cmd, sizeof cmd,
             "k=$(openssl pkey -pubin -in %s/ed.pub -outform DER | base64 -w0) && printf '%%s' "
             "'{\"version\":\"3\",\"operators\":[{\"name\":\"Test Operator\",\"logs\":[],\"tiled_logs\":"
             "[{\"description\":\"Test Log 2026\",\"key\":\"'$k'\",\"monitoring_url\":\"%s/\","
             "\"state\":{\"usable\":{\"timestamp\":\"2026-01-01T00:00:00Z\"}}},"
             "{\"description\":\"Retired Log\",\"key\":\"'$k'\",\"monitoring_url\":\"http://127.0.0.1:1/\","
             "\"state\":{\"retired\":{\"timestamp\":\"2025-01-01T00:00:00Z\"}}}]}]}' > %s",
             dir, srv.url, list);
    cr_assert_eq(system(cmd), 0);
    int st = cs_test_runf(out, sizeof out, err, sizeof err, "%s scan -q -o %s/r --log-list %s --log-select usable",
                          cs_test_certsweep(), dir, list);
    cr_assert_eq(st, 0, "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), entries);
}

Test(static_log, entry_with_another_leaf_index)
{
    /* Tile 1's first entry says it is another entry; the tree is then
     * rebuilt and signed over it, so only the index gives it away. */
    char path[400], cmd[1024];
    snprintf(path, sizeof path, "%s/gen/tiles/tile/data/001", dir);
    char *tile = ctlog_slurp(path);
    cr_assert_not_null(tile);
    cs_tile_leaf leaf;
    const char *why;
    cr_assert_eq(cs_tile_leaf_scan((const uint8_t *)tile, 65536, &leaf, &why), CS_TILE_LEAF_OK);
    free(tile);
    ctlog_flip_byte(path, (long)leaf.entry_len - 1); /* the last byte of the 5-byte leaf_index */
    snprintf(cmd, sizeof cmd, "%s/certsweep-ctlog static %s/gen/tiles %s/ed.pem log.example/test >/dev/null",
             cs_test_bindir(), dir, dir);
    cr_assert_eq(system(cmd), 0);
    cr_assert_eq(scan("r", "ed.pub", ""), 5, "%s", err);
    cr_assert(strstr(err, "LOG MISBEHAVING") && strstr(err, "says it is entry 257"), "%s", err);
    cr_assert_eq(ctlog_summary(dir, "r", "records_read"), 256);
}
