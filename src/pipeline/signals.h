/* SIGINT/SIGTERM handling for a running scan.
 *
 * While installed, the first signal sets the scan's stop flag (readers stop,
 * workers finish the batches in flight, the report is written as partial);
 * a second one exits at once with _exit(130).  The previous handlers are
 * put back by cs_signals_restore().  One scan at a time per process. */
#ifndef CS_PIPELINE_SIGNALS_H
#define CS_PIPELINE_SIGNALS_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

typedef struct cs_signals_saved {
    struct sigaction old_int, old_term;
    bool installed;
} cs_signals_saved;

/* Points the handlers at `stop` and installs them.  False (errno set) when
 * sigaction fails. */
bool cs_signals_install(atomic_bool *stop, cs_signals_saved *saved);
void cs_signals_restore(cs_signals_saved *saved);

/* Does what the first signal does (for tests and embedders); a second
 * call, like a second signal, exits the process with status 130. */
void cs_scan_request_stop(void);

/* Number of stop requests (signals or calls) since install. */
int cs_signals_count(void);

#endif
