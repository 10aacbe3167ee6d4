/* Signal handlers may only touch lock-free atomics and call
 * async-signal-safe functions: the handler stores into the stop flag,
 * counts, writes a fixed message, and calls _exit() on the third one. */
#include "pipeline/signals.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#define EXIT_AFTER 3 /* signals before exiting without a report */

static _Atomic(atomic_bool *) g_stop;
static atomic_int g_count;
static atomic_bool g_held;
static cs_signals_saved g_hold_saved;

static void say(const char *msg, size_t len)
{
    ssize_t r = write(STDERR_FILENO, msg, len);
    (void)r;
}
#define SAY(literal) say(literal, sizeof literal - 1)

void cs_scan_request_stop(void)
{
    int n = atomic_fetch_add(&g_count, 1) + 1;
    atomic_bool *stop = atomic_load(&g_stop);
    if (n >= EXIT_AFTER) {
        SAY("\ncertsweep: interrupted three times: exiting now, without writing the reports\n");
        _exit(130);
    }
    if (stop)
        atomic_store(stop, true);
    if (n == 1 && stop)
        SAY("\ncertsweep: interrupted: finishing the records in flight, then writing a partial report "
            "(interrupt twice more to exit without it)\n");
    else if (n == 1)
        SAY("\ncertsweep: interrupted: finishing the reports first (interrupt twice more to exit without them)\n");
    else
        SAY("\ncertsweep: interrupted again: still writing the reports (once more to exit without them)\n");
}

static void handler(int sig)
{
    (void)sig;
    int saved_errno = errno;
    cs_scan_request_stop();
    errno = saved_errno;
}

int cs_signals_count(void)
{
    return atomic_load(&g_count);
}

/* Installs the handler for SIGINT and SIGTERM, saving the old ones. */
static bool install_handlers(cs_signals_saved *saved)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART: a reader's read() is not turned into a spurious I/O
     * error; readers notice the flag between records instead. */
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGINT, &sa, &saved->old_int) != 0)
        return false;
    if (sigaction(SIGTERM, &sa, &saved->old_term) != 0) {
        int e = errno;
        sigaction(SIGINT, &saved->old_int, NULL);
        errno = e;
        return false;
    }
    saved->installed = true;
    return true;
}

static void restore_handlers(cs_signals_saved *saved)
{
    if (!saved->installed)
        return;
    sigaction(SIGTERM, &saved->old_term, NULL);
    sigaction(SIGINT, &saved->old_int, NULL);
    saved->installed = false;
}

bool cs_signals_install(atomic_bool *stop, cs_signals_saved *saved)
{
    saved->installed = saved->attached = false;
    if (!atomic_load(&g_held)) {
        atomic_store(&g_count, 0);
        if (!install_handlers(saved))
            return false;
    }
    atomic_store(&g_stop, stop);
    saved->attached = true;
    if (atomic_load(&g_count) > 0) /* interrupted before the scan started */
        atomic_store(stop, true);
    return true;
}

void cs_signals_restore(cs_signals_saved *saved)
{
    if (saved->attached)
        atomic_store(&g_stop, NULL);
    saved->attached = false;
    restore_handlers(saved);
}

bool cs_signals_hold(void)
{
    atomic_store(&g_count, 0);
    atomic_store(&g_stop, NULL);
    if (!install_handlers(&g_hold_saved))
        return false;
    atomic_store(&g_held, true);
    return true;
}

int cs_signals_release(void)
{
    atomic_store(&g_held, false);
    restore_handlers(&g_hold_saved);
    return atomic_load(&g_count);
}
