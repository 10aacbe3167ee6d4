/* CT log options of `certsweep scan` (scan_logs.h). */
#include "cli/scan_logs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agg/tally_data.h"
#include "cli/cli.h"
#include "ctlog/loglist.h"
#include "pipeline/signals.h"
#include "report/state.h"

void cs_scan_logs_help(void)
{
    printf("\n"
           "CT logs: an INPUT that is an http(s) URL is a Certificate Transparency log, its\n"
           "static-ct-api monitoring prefix or its RFC 6962 URL; its tree head is verified\n"
           "with the log key and every entry read against the signed tree (a log serving\n"
           "entries that do not match is reported as misbehaving: exit 5).\n"
           "      --log-key KEY|FILE  the log's public key: base64 SubjectPublicKeyInfo (as in\n"
           "                         log lists), a PEM PUBLIC KEY, or a note verifier key\n"
           "      --log-list FILE    v3 JSON log list: its logs (with their keys) become inputs\n"
           "      --log-select LIST  with --log-list: only logs whose description or operator\n"
           "                         contains, or whose state is, one of the comma-separated words\n"
           "      --log-type TYPE    static or rfc6962 (default: try static, then rfc6962)\n"
           "      --from N, --to N   only entries N.. and ..N (inclusive)\n"
           "      --fetch-jobs N     parallel requests per log (default 4)\n"
           "      --fetch-rate R     at most R requests per second per log (default: no limit)\n"
           "      --retry-budget N   retries per log before it is incomplete (default 100)\n"
           "      --fetch-timeout S  seconds per request (default 60)\n"
           "      --fetch-ca FILE    verify https logs against the CA certificates (PEM) in FILE\n"
           "                         instead of the system store (default: $CURL_CA_BUNDLE, else\n"
           "                         $SSL_CERT_FILE / $SSL_CERT_DIR, else the system store);\n"
           "                         a log whose certificate does not verify is not read\n"
           "      --resume           with --state FILE: read only the entries after those FILE\n"
           "                         counts, and merge them into it (its logs come first)\n"
           "      --follow SECONDS   --resume in rounds: poll each log every SECONDS, scan what is\n"
           "                         new, rewrite the state and the reports; until interrupted\n"
           "                         (the interrupted round is written as far as it read)\n");
}

void cs_scan_logs_init(cs_scan_logs *s)
{
    memset(s, 0, sizeof *s);
    s->opt.to = UINT64_MAX;
    s->opt.retry_budget = -1;
}

static bool parse_u64(const char *t, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(t, &end, 10);
    if (!*t || *end || errno || *t == '-')
        return false;
    *out = v;
    return true;
}

/* The key itself, or the contents of the file it names. */
static char *read_key(const char *arg)
{
    FILE *f = fopen(arg, "rb");
    if (!f)
        return strdup(arg);
    char *buf = calloc(1, 65537);
    size_t n = buf ? fread(buf, 1, 65536, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

int cs_scan_logs_option(cs_scan_logs *s, int ch, const char *arg)
{
    unsigned long v;
    char *end;
    switch (ch) {
    case CS_OPT_LOG_KEY:
        free(s->key_text);
        if (!(s->key_text = read_key(arg)))
            return cs_cli_usage_error("scan", "out of memory");
        s->opt.key = s->key_text;
        break;
    case CS_OPT_FROM:
        if (!parse_u64(arg, &s->opt.from))
            return cs_cli_usage_error("scan", "--from wants an entry number, not '%s'", arg);
        break;
    case CS_OPT_TO:
        if (!parse_u64(arg, &s->opt.to) || s->opt.to == UINT64_MAX)
            return cs_cli_usage_error("scan", "--to wants an entry number, not '%s'", arg);
        break;
    case CS_OPT_FETCH_JOBS:
        if (!cs_cli_parse_uint(arg, 64, &v) || v == 0)
            return cs_cli_usage_error("scan", "--fetch-jobs wants a number from 1 to 64, not '%s'", arg);
        s->opt.jobs = (unsigned)v;
        break;
    case CS_OPT_FETCH_RATE:
        s->opt.rate = strtod(arg, &end);
        if (!*arg || *end || !(s->opt.rate > 0))
            return cs_cli_usage_error("scan", "--fetch-rate wants requests per second, not '%s'", arg);
        break;
    case CS_OPT_RETRY_BUDGET:
        if (!cs_cli_parse_uint(arg, 1000000, &v))
            return cs_cli_usage_error("scan", "--retry-budget wants a number, not '%s'", arg);
        s->opt.retry_budget = (long)v;
        break;
    case CS_OPT_FETCH_TIMEOUT: {
        double t = strtod(arg, &end);
        if (!*arg || *end || !(t > 0) || t > 3600)
            return cs_cli_usage_error("scan", "--fetch-timeout wants seconds, not '%s'", arg);
        s->opt.timeout_ms = (long)(t * 1000);
        break;
    }
    case CS_OPT_LOG_TYPE:
        if (strcmp(arg, "static") == 0)
            s->opt.kind = CS_LOG_STATIC;
        else if (strcmp(arg, "rfc6962") == 0)
            s->opt.kind = CS_LOG_RFC6962;
        else
            return cs_cli_usage_error("scan", "--log-type is static or rfc6962, not '%s'", arg);
        break;
    case CS_OPT_FETCH_CA:
        if (access(arg, R_OK) != 0)
            return cs_cli_usage_error("scan", "--fetch-ca %s: %s", arg, strerror(errno));
        s->opt.ca_file = arg;
        break;
    case CS_OPT_LOG_LIST: s->log_list = arg; break;
    case CS_OPT_LOG_SELECT: s->select = arg; break;
    case CS_OPT_RESUME: s->resume = true; break;
    case CS_OPT_FOLLOW:
        s->follow = strtod(arg, &end);
        if (!*arg || *end || !(s->follow > 0) || s->follow > 86400)
            return cs_cli_usage_error("scan", "--follow wants seconds between rounds, not '%s'", arg);
        s->resume = true;
        break;
    default: return cs_cli_bad_option("scan");
    }
    return CS_EXIT_OK;
}

/* Appends an input (copied). */
static bool add_input(cs_scan_logs *s, const char *in)
{
    char **p = realloc(s->inputs, (s->n_inputs + 1) * sizeof *p);
    if (!p)
        return false;
    s->inputs = p;
    return (p[s->n_inputs] = strdup(in)) && ++s->n_inputs;
}

/* --resume: the state of the earlier scan (NULL and no error when it is
 * not there yet: the first round); its logs become the first inputs. */
static int load_resumed(cs_scan_logs *s, const char *state_path, const cs_ruleset *rs, cs_tally **old)
{
    *old = NULL;
    if (!state_path)
        return cs_cli_usage_error("scan", "--resume and --follow need --state FILE");
    if (access(state_path, F_OK) != 0)
        return CS_EXIT_OK;
    char err[512];
    if (!(*old = cs_state_read(state_path, err, sizeof err))) {
        fprintf(stderr, "certsweep scan: %s\n", err);
        return CS_EXIT_FAILED;
    }
    cs_tally *probe = cs_tally_new(rs);
    bool ok = probe && cs_tally_compatible(*old, probe, err, sizeof err);
    cs_tally_free(probe);
    for (size_t i = 0; ok && i < (*old)->n_inputs; i++)
        if (!(*old)->inputs[i].name || !(*old)->inputs[i].log || !add_input(s, (*old)->inputs[i].name)) {
            snprintf(err, sizeof err, "input %zu of the state is not a CT log", i);
            ok = false;
        }
    if (!ok) {
        fprintf(stderr, "certsweep scan: %s: cannot resume: %s\n", state_path, err);
        cs_tally_free(*old);
        *old = NULL;
        return CS_EXIT_FAILED;
    }
    return CS_EXIT_OK;
}

/* Whether one of the first n inputs (the resumed state's logs) is `in`. */
static bool have_input(const cs_scan_logs *s, size_t n, const char *in)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s->inputs[i], in) == 0)
            return true;
    return false;
}

int cs_scan_logs_setup(cs_scan_logs *s, char *const *argv, size_t argc, cs_scan_options *opt, const char *state_path,
                       const cs_ruleset *rs)
{
    cs_tally *old = NULL;
    if (s->resume) {
        int st = load_resumed(s, state_path, rs, &old);
        if (st != CS_EXIT_OK)
            return st;
    }
    size_t from_state = s->n_inputs;
    for (size_t i = 0; i < argc; i++)
        if (!have_input(s, from_state, argv[i]) && !add_input(s, argv[i]))
            goto oom;
    size_t first_listed = s->n_inputs;
    cs_loglist *ll = NULL;
    if (s->log_list) {
        char err[512];
        if (!(ll = cs_loglist_read(s->log_list, s->select, err, sizeof err))) {
            fprintf(stderr, "certsweep scan: %s\n", err);
            return CS_EXIT_FAILED;
        }
        if (ll->n == 0) {
            cs_loglist_free(ll);
            return cs_cli_usage_error("scan", "no log of %s matches --log-select '%s'", s->log_list,
                                      s->select ? s->select : "");
        }
        for (size_t i = 0; i < ll->n; i++)
            if (!add_input(s, ll->logs[i].url))
                goto oom_ll;
    } else if (s->select) {
        return cs_cli_usage_error("scan", "--log-select needs --log-list FILE");
    }
    if (s->opt.from > s->opt.to) {
        cs_loglist_free(ll);
        return cs_cli_usage_error("scan", "--from is after --to");
    }
    if (!cs_log_inputs_init(&s->li, (const char *const *)s->inputs, s->n_inputs, &s->opt))
        goto oom_ll;
    for (size_t i = 0; ll && i < ll->n; i++)
        if (!cs_log_inputs_set(&s->li, first_listed + i, ll->logs[i].tiled ? CS_LOG_STATIC : CS_LOG_RFC6962,
                               ll->logs[i].key))
            goto oom_ll;
    cs_loglist_free(ll);
    ll = NULL;
    if (old) {
        char err[512];
        if (!cs_log_inputs_resume(&s->li, old, err, sizeof err)) {
            fprintf(stderr, "certsweep scan: %s: cannot resume: %s\n", state_path, err);
            cs_tally_free(old);
            return CS_EXIT_FAILED;
        }
        old = NULL; /* owned by li now */
    }
    opt->inputs = (const char *const *)s->inputs;
    opt->n_inputs = s->n_inputs;
    opt->reader = &s->li.reader;
    return CS_EXIT_OK;
oom_ll:
    cs_loglist_free(ll);
oom:
    cs_tally_free(old);
    fprintf(stderr, "certsweep scan: out of memory\n");
    return CS_EXIT_FAILED;
}

bool cs_scan_logs_next_round(cs_scan_logs *s, int status, bool written)
{
    bool readable = status == CS_EXIT_OK || status == CS_EXIT_INCOMPLETE || status == CS_EXIT_FAILED;
    if (!(s->follow > 0) || !written || !readable || cs_signals_count() > 0)
        return false;
    cs_log_inputs_free(&s->li);
    for (size_t i = 0; i < s->n_inputs; i++)
        free(s->inputs[i]);
    free(s->inputs);
    s->inputs = NULL;
    s->n_inputs = 0;
    /* The interval, cut short by a signal. */
    struct timespec step = { 0, 50 * 1000 * 1000 };
    for (double waited = 0; waited < s->follow; waited += 0.05) {
        if (cs_signals_count() > 0)
            return false;
        nanosleep(&step, NULL);
    }
    return cs_signals_count() == 0;
}

void cs_scan_logs_free(cs_scan_logs *s)
{
    cs_log_inputs_free(&s->li);
    for (size_t i = 0; i < s->n_inputs; i++)
        free(s->inputs[i]);
    free(s->inputs);
    free(s->key_text);
}
