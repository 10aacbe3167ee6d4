/* libFuzzer target over input reading: cs_ingest_run() on the input as a
 * file, so it goes through libarchive (filters, containers, nested
 * archives), format detection and the framers exactly as a scanned file
 * does.  The first byte picks the format (auto or a forced framer, in
 * cs_format_get order); the rest is the file, held in a memfd.  Every
 * batch handed on is checked and each record decoded as a worker would.
 * Small batch and record limits exercise the flush and over-size paths
 * and keep the memory per input bounded.  Seeds: real and converted
 * sample dumps, in containers too (fuzz/seeds.sh). */
#include "fuzz.h"

#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ingest/ingest.h"

#define FRAMERS_MAX_RECORD ((size_t)16 << 10)

typedef struct framers_sink_ctx {
    uint64_t records;
} framers_sink_ctx;

static bool framers_sink(void *ctx, cs_batch *b)
{
    framers_sink_ctx *c = ctx;
    FUZZ_CHECK(b->n > 0 && b->strings_len > 0 && b->strings[b->strings_len - 1] == '\0');
    for (size_t i = 0; i < b->n; i++) {
        const cs_record *r = &b->recs[i];
        FUZZ_CHECK(r->encoding <= CS_REC_ERROR);
        FUZZ_CHECK((uint64_t)r->data_off + r->data_len <= b->data_len);
        FUZZ_CHECK(r->origin.member < b->strings_len);
        if (r->encoding == CS_REC_ERROR) {
            FUZZ_CHECK(r->data_len > 0);
            continue;
        }
        FUZZ_CHECK(r->data_len <= FRAMERS_MAX_RECORD);
        fuzz_decode_record(b, r);
    }
    c->records += b->n;
    cs_batch_free(b);
    return true;
}

int cs_fuzz_framers(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (size == 0)
        return 0;
    if (fd < 0) {
        fd = memfd_create("fuzz_framers", MFD_CLOEXEC);
        FUZZ_CHECK(fd >= 0);
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    FUZZ_CHECK(ftruncate(fd, 0) == 0);
    for (size_t done = 1; done < size;) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)(done - 1));
        FUZZ_CHECK(w > 0);
        done += (size_t)w;
    }
    cs_ingest_options opt = {
        .format = cs_format_get(data[0] % cs_format_count())->name,
        .csv_column = -1,
        .batch_records = 8,
        .batch_bytes = 16 << 10,
        .max_record = FRAMERS_MAX_RECORD,
    };
    cs_ingest_stats stats = { 0 };
    framers_sink_ctx c = { 0 };
    char err[256];
    FUZZ_CHECK(cs_ingest_run(path, 0, &opt, framers_sink, &c, &stats, err, sizeof err));
    FUZZ_CHECK(atomic_load(&stats.finished));
    FUZZ_CHECK(c.records == atomic_load(&stats.records));
    return 0;
}

#ifndef CS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return cs_fuzz_framers(data, size);
}
#endif
