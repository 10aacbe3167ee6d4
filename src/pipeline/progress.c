/* Progress reporting.  The thread sleeps on a condition variable with a
 * timeout so that stopping it is immediate, not up to one tick late. */
#include "pipeline/progress.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TTY_INTERVAL_MS 250
#define PLAIN_INTERVAL_MS 30000

double cs_progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool cs_progress_init(cs_progress *p, cs_scan_ctx *ctx, FILE *out)
{
    memset(p, 0, sizeof *p);
    p->ctx = ctx;
    p->out = out;
    p->tty = isatty(fileno(out));
    p->start = cs_progress_now();
    if (pthread_mutex_init(&p->lock, NULL) != 0)
        return false;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&p->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0) {
        pthread_mutex_destroy(&p->lock);
        return false;
    }
    atomic_store(&ctx->progress_tty, p->tty);
    return true;
}

void cs_progress_destroy(cs_progress *p)
{
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
}

static void human_bytes(char *buf, size_t size, uint64_t n)
{
    static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    double v = (double)n;
    unsigned u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        u++;
    }
    snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

size_t cs_progress_format(char *buf, size_t size, uint64_t records, uint64_t certs, double elapsed,
                          uint64_t bytes, uint64_t total_bytes)
{
    char b1[32], b2[32];
    human_bytes(b1, sizeof b1, bytes);
    double rate = elapsed > 0 ? (double)certs / elapsed : 0;
    int n = snprintf(buf, size, "certsweep: %" PRIu64 " records, %.0f certs/s, %s read", records, rate,
                     b1);
    if (n < 0)
        n = 0;
    if (total_bytes > 0 && (size_t)n < size) {
        human_bytes(b2, sizeof b2, total_bytes);
        double frac = bytes >= total_bytes ? 1.0 : (double)bytes / (double)total_bytes;
        int m;
        if (frac > 0.001 && elapsed > 1) {
            double eta = elapsed / frac - elapsed;
            unsigned long s = (unsigned long)(eta + 0.5);
            m = snprintf(buf + n, size - (size_t)n, " of %s, %.0f%%, ETA %lu:%02lu:%02lu", b2, frac * 100,
                         s / 3600, s / 60 % 60, s % 60);
        } else {
            m = snprintf(buf + n, size - (size_t)n, " of %s, %.0f%%", b2, frac * 100);
        }
        if (m > 0)
            n += m;
    }
    return (size_t)n < size ? (size_t)n : size - 1;
}

static void draw(cs_progress *p, bool final)
{
    cs_scan_ctx *ctx = p->ctx;
    uint64_t records = 0, certs = 0, bytes = 0, total = 0;
    for (unsigned i = 0; i < ctx->n_workers; i++) {
        records += atomic_load_explicit(&ctx->counters[i].records, memory_order_relaxed);
        certs += atomic_load_explicit(&ctx->counters[i].certs, memory_order_relaxed);
    }
    /* The total is known only when every input's size is (stat() before
     * the scan, or what the ingest layer learnt since). */
    bool known = true;
    for (size_t i = 0; i < ctx->opt->n_inputs; i++) {
        bytes += atomic_load_explicit(&ctx->in_stats[i].bytes_read, memory_order_relaxed);
        uint64_t t = atomic_load_explicit(&ctx->in_stats[i].total_bytes, memory_order_relaxed);
        if (t == 0)
            t = ctx->in_size[i];
        if (atomic_load(&ctx->in_stats[i].finished))
            t = atomic_load_explicit(&ctx->in_stats[i].bytes_read, memory_order_relaxed);
        if (t == 0 && !atomic_load(&ctx->open_failed[i]))
            known = false;
        total += t;
    }
    char line[512];
    size_t len = cs_progress_format(line, sizeof line, records, certs, cs_progress_now() - p->start, bytes,
                                    known ? total : 0);
    const cs_input_reader *other = ctx->opt->reader;
    if (other && other->progress) /* CT logs: entries/s, retries, ETA of each */
        other->progress(other->ctx, line + len, sizeof line - len);
    flockfile(p->out);
    if (p->tty) {
        fprintf(p->out, "\r%s\033[K", line);
        if (final)
            fputs("\r\033[K", p->out);
        atomic_store(&ctx->progress_shown, !final);
    } else if (!final) {
        fprintf(p->out, "%s\n", line);
    }
    fflush(p->out);
    funlockfile(p->out);
}

void *cs_progress_main(void *arg)
{
    cs_progress *p = arg;
    long interval = p->tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS;
    pthread_mutex_lock(&p->lock);
    while (!p->done) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += (interval % 1000) * 1000000L;
        ts.tv_sec += interval / 1000 + ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        int rc = 0;
        while (!p->done && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&p->wake, &p->lock, &ts);
        if (p->done)
            break;
        pthread_mutex_unlock(&p->lock);
        draw(p, false);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    if (p->tty)
        draw(p, true);
    return NULL;
}

void cs_progress_stop(cs_progress *p)
{
    pthread_mutex_lock(&p->lock);
    p->done = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
}
