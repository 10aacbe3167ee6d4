/* Signal handlers may only touch lock-free atomics and call
 * async-signal-safe functions: the handler stores into the stop flag and
 * counts; _exit() on the second one. */
#include "pipeline/signals.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

static _Atomic(atomic_bool *) g_stop;
static atomic_int g_count;

void cs_scan_request_stop(void)
{
    if (atomic_fetch_add(&g_count, 1) >= 1) {
        static const char msg[] = "\ncertsweep: interrupted again, exiting now\n";
        ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)r;
        _exit(130);
    }
    atomic_bool *stop = atomic_load(&g_stop);
    if (stop)
        atomic_store(stop, true);
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

bool cs_signals_install(atomic_bool *stop, cs_signals_saved *saved)
{
    saved->installed = false;
    atomic_store(&g_count, 0);
    atomic_store(&g_stop, stop);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART: a reader's read() is not turned into a spurious I/O
     * error; readers notice the flag between records instead. */
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGINT, &sa, &saved->old_int) != 0) {
        atomic_store(&g_stop, NULL);
        return false;
    }
    if (sigaction(SIGTERM, &sa, &saved->old_term) != 0) {
        int e = errno;
        sigaction(SIGINT, &saved->old_int, NULL);
        atomic_store(&g_stop, NULL);
        errno = e;
        return false;
    }
    saved->installed = true;
    return true;
}

void cs_signals_restore(cs_signals_saved *saved)
{
    if (!saved->installed)
        return;
    sigaction(SIGTERM, &saved->old_term, NULL);
    sigaction(SIGINT, &saved->old_int, NULL);
    atomic_store(&g_stop, NULL);
    saved->installed = false;
}
