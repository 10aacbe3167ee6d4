/* SIGINT/SIGTERM handling for a scan and the writing of its reports.
 *
 * While a scan runs, the first signal sets the scan's stop flag (readers
 * stop, workers finish the batches in flight, the report is written as
 * partial).  A second one (coreutils `timeout` sends TERM to the process
 * and again to its group) changes nothing: the partial report is still
 * written.  A third exits at once with _exit(130), without a report: the
 * way out of a scan stuck on an input that never ends.  Each signal says
 * on stderr what happens next.
 *
 * cs_signals_hold() keeps the handlers installed outside the scan too, so
 * that a signal while the reports and state are written is only recorded
 * (the writing is finished, then the caller exits 130); a scan started
 * while held points the handlers at its stop flag and, on restore, only
 * detaches it.  One scan at a time per process. */
#ifndef CS_PIPELINE_SIGNALS_H
#define CS_PIPELINE_SIGNALS_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

typedef struct cs_signals_saved {
    struct sigaction old_int, old_term;
    bool installed;     /* this call installed the handlers */
    bool attached;      /* this call pointed them at a stop flag */
} cs_signals_saved;

/* Points the handlers at `stop` (installing them unless held).  When a
 * signal already arrived while held, `stop` is set at once.  False (errno
 * set) when sigaction fails. */
bool cs_signals_install(atomic_bool *stop, cs_signals_saved *saved);
void cs_signals_restore(cs_signals_saved *saved);

/* Installs the handlers with no stop flag and resets the count; they stay
 * until cs_signals_release(), which puts the previous ones back and
 * returns the number of signals received meanwhile.  False (errno set)
 * when sigaction fails. */
bool cs_signals_hold(void);
int cs_signals_release(void);

/* Does what a signal does (for tests and embedders); the third call, like
 * a third signal, exits the process with status 130. */
void cs_scan_request_stop(void);

/* Number of stop requests (signals or calls) since install or hold. */
int cs_signals_count(void);

#endif
