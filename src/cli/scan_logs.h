/* The CT log options of `certsweep scan` (src/fetch does the reading):
 * --log-key, --from, --to, --fetch-jobs, --fetch-rate, --retry-budget,
 * --fetch-timeout, --fetch-ca, --log-type, --log-list with --log-select,
 * --resume and --follow. */
#ifndef CS_CLI_SCAN_LOGS_H
#define CS_CLI_SCAN_LOGS_H

#include <getopt.h>
#include <stdbool.h>

#include "fetch/log_input.h"

enum {
    CS_OPT_LOG_KEY = 512, CS_OPT_FROM, CS_OPT_TO, CS_OPT_FETCH_JOBS, CS_OPT_FETCH_RATE, CS_OPT_RETRY_BUDGET,
    CS_OPT_FETCH_TIMEOUT, CS_OPT_LOG_TYPE, CS_OPT_LOG_LIST, CS_OPT_LOG_SELECT, CS_OPT_RESUME, CS_OPT_FOLLOW,
    CS_OPT_FETCH_CA, CS_OPT_LOG_END
};

#define CS_SCAN_LOG_LONGOPTS                                                                                    \
    { "log-key", required_argument, NULL, CS_OPT_LOG_KEY }, { "from", required_argument, NULL, CS_OPT_FROM },  \
    { "to", required_argument, NULL, CS_OPT_TO }, { "fetch-jobs", required_argument, NULL, CS_OPT_FETCH_JOBS }, \
    { "fetch-rate", required_argument, NULL, CS_OPT_FETCH_RATE },                                               \
    { "retry-budget", required_argument, NULL, CS_OPT_RETRY_BUDGET },                                           \
    { "fetch-timeout", required_argument, NULL, CS_OPT_FETCH_TIMEOUT },                                         \
    { "log-type", required_argument, NULL, CS_OPT_LOG_TYPE },                                                   \
    { "log-list", required_argument, NULL, CS_OPT_LOG_LIST },                                                   \
    { "log-select", required_argument, NULL, CS_OPT_LOG_SELECT },                                               \
    { "resume", no_argument, NULL, CS_OPT_RESUME }, { "follow", required_argument, NULL, CS_OPT_FOLLOW },  \
    { "fetch-ca", required_argument, NULL, CS_OPT_FETCH_CA }

typedef struct cs_scan_logs {
    cs_log_options opt;
    char *key_text;           /* --log-key contents */
    const char *log_list;     /* --log-list FILE */
    const char *select;       /* --log-select: name, operator or state substrings, comma-separated */
    bool resume;              /* --resume: on from the --state file's positions, merged into it */
    double follow;            /* --follow SECONDS: rounds of --resume until interrupted; 0 = once */
    char **inputs;            /* the scan's inputs: the command line's, then the log list's */
    size_t n_inputs;
    cs_log_inputs li;
} cs_scan_logs;

void cs_scan_logs_help(void);
void cs_scan_logs_init(cs_scan_logs *s);
/* Handles option `ch`; returns CS_EXIT_OK or the usage error's status. */
int cs_scan_logs_option(cs_scan_logs *s, int ch, const char *arg);
/* The inputs (with --resume the state's logs first, then argv's, then
 * the logs the log list selects) and the reader of the logs among them;
 * returns CS_EXIT_OK, or a usage/failure status after printing why. */
int cs_scan_logs_setup(cs_scan_logs *s, char *const *argv, size_t argc, cs_scan_options *opt, const char *state_path,
                       const cs_ruleset *rs);
/* After a round that ended with `status`, its reports and state written
 * or not: with --follow, frees the round and waits the interval; true
 * when another round is due.  A round whose logs could not all be read
 * (a log down, exit 5 or 1) but whose state was written is followed by
 * the next: the state kept those logs' positions.  False when not
 * following, when the outputs could not be written, or on a signal. */
bool cs_scan_logs_next_round(cs_scan_logs *s, int status, bool written);
void cs_scan_logs_free(cs_scan_logs *s);

#endif
