/* certsweep scan: bulk inputs -> per-issuer reports. */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg/identity.h"
#include "agg/tally.h"
#include "cli/cli.h"
#include "cli/scan_findings.h"
#include "cli/scan_logs.h"
#include "ingest/ingest.h"
#include "lint/ruleset.h"
#include "pipeline/scan.h"
#include "pipeline/signals.h"
#include "corpus/corpus.h"
#include "report/corpus_report.h"
#include "report/report.h"
#include "report/state.h"
#include "shard/plan.h"
#include "util/alloc_policy.h"
#include "x509/issuer_store.h"

static void scan_help(void)
{
    printf("usage: certsweep scan [options] INPUT...\n"
           "\n"
           "Lints every certificate in the inputs and writes per-issuer reports.\n"
           "INPUT is a file, a directory (read recursively), an archive (tar, zip,\n"
           "cpio, 7z; gzip, bzip2, xz, zstd, lz4 compressed) or '-' for standard input.\n"
           "\n"
           "options:\n"
           "  -o, --output DIR       report directory (default: certsweep-report)\n"
           "  -j, --threads N        threads in all, readers included (default: number of online CPUs)\n"
           "  -r, --rules LIST       rule sources and ids, comma-separated; '-id' removes\n"
           "                         (default: all; see 'certsweep rules')\n"
           "  -f, --format NAME      input format instead of detecting it\n"
           "      --list-formats     list the input formats and exit\n"
           "      --json-field NAME  JSON Lines field holding base64 DER (default: raw, cert, der, ...)\n"
           "      --csv-column N     CSV column (0-based) holding base64 DER (default: last)\n"
           "      --state FILE       also write the complete tallies, for 'certsweep merge'\n"
           "      --findings FILE    also write each certificate's findings as JSON Lines\n"
           "                         ('-' = standard output, FILE.gz = gzip; see docs/findings.md)\n"
           "      --findings-all     with --findings: a line for every linted certificate\n"
           "      --as-of DATE       evaluate the rules in force on DATE (YYYY-MM-DD) instead\n"
           "                         of at each certificate's notBefore\n"
           "      --smime-guess      guess the S/MIME profile of certificates in S/MIME scope\n"
           "                         without a reserved policy OID (docs/profile-detection.md)\n"
           "      --shard K/N        read only shard K of N of the inputs' files and archive\n"
           "                         members; 'certsweep merge' of the N --state files gives\n"
           "                         the reports of one scan (docs/scale-out.md)\n"
           "      --tls-scope-zlint  TLS subscriber rules on every certificate that is not a CA,\n"
           "                         as zlint applies its CABF_BR lints (to compare with zlint)\n"
           "      --issuers PATH     CA certificates (PEM/DER file or directory, e.g. a root\n"
           "                         store) where the issuer of a certificate whose dump\n"
           "                         carries no chain is looked up (issuer name + AKI)\n"
           "      --shared-primes    also look for RSA moduli sharing a prime factor (batch\n"
           "                         GCD over the distinct moduli, after the scan)\n"
           "      --verify-signatures  verify each signature under the issuer's key when the\n"
           "                         issuer is known (*_signature_invalid; costs several\n"
           "                         times the rest of the scan)\n"
           "  -q, --quiet            no progress line\n"
           "  -h, --help             this help\n"
           "  -V, --version          version\n"
           "\n"
           "Exit status: 0 the scan completed (findings are not an error); 1 the scan\n"
           "could not run, an input could not be opened, or a report could not be\n"
           "written; 2 usage error; 5 reports written but an input is incomplete (read\n"
           "error, damaged archive, decompression guard: reports marked partial, with\n"
           "the reason); 130 interrupted (reports written, marked partial).\n"
           "A signal stops reading and the partial reports are still written; one while\n"
           "they are written waits for them; a third signal exits without them.\n"
           "Every record that cannot be decoded or parsed is reported on stderr with\n"
           "its input and position, and counted as a parse failure.\n");
    cs_scan_logs_help();
}

static void list_formats(void)
{
    for (size_t i = 0; i < cs_format_count(); i++) {
        const cs_format_info *f = cs_format_get(i);
        printf("%-14s %s\n", f->name, f->description);
    }
}

enum { OPT_LIST_FORMATS = 256, OPT_JSON_FIELD, OPT_CSV_COLUMN, OPT_STATE, OPT_FINDINGS, OPT_FINDINGS_ALL,
       OPT_AS_OF, OPT_SMIME_GUESS, OPT_SHARD, OPT_TLS_SCOPE_ZLINT, OPT_ISSUERS, OPT_VERIFY_SIGNATURES,
       OPT_SHARED_PRIMES };

/* The first input that names the same file or directory as an earlier
 * one (by device and inode, so "a" and "./a" too): it would be counted
 * twice.  Inputs that cannot be opened are left to the scan to report. */
static bool same_input_twice(char *const *inputs, size_t n, size_t *first, size_t *second)
{
    struct stat *st = calloc(n + 1, sizeof *st);
    bool *known = calloc(n + 1, sizeof *known);
    bool found = false;
    for (size_t i = 0; st && known && i < n && !found; i++) {
        if (strcmp(inputs[i], "-") == 0 || cs_log_is_url(inputs[i]) || stat(inputs[i], &st[i]) != 0)
            continue;
        known[i] = true;
        for (size_t k = 0; k < i && !found; k++)
            if (known[k] && st[k].st_dev == st[i].st_dev && st[k].st_ino == st[i].st_ino) {
                *first = k;
                *second = i;
                found = true;
            }
    }
    free(st);
    free(known);
    return found;
}

/* The scan and everything it writes; the exit status, and in *written
 * whether the reports and the state were all written (an input that
 * could not be opened still exits 1 then).  Signals are held by the
 * caller: one arriving while the outputs are written is only recorded. */
static int scan_and_write(cs_scan_options *opt, const char *outdir, const char *state_path,
                          const char *findings_path, const cs_scan_logs *logs, cs_shard_plan *shard,
                          bool shared_primes, bool *written)
{
    *written = false;
    char err[512];
    cs_scan_findings findings; /* kept across --resume/--follow rounds: scan_findings.h */
    if (findings_path) {
        const cs_tally *old = logs->li.resumed;
        if (!cs_scan_findings_open(&findings, findings_path, outdir, logs->resume,
                                   old && old->findings_mark_set ? &old->findings_mark : NULL, err, sizeof err)) {
            fprintf(stderr, "certsweep scan: %s\n", err);
            return CS_EXIT_FAILED;
        }
        opt->findings = findings.file.f;
        opt->findings_name = findings.file.name;
    }
    int64_t started = (int64_t)time(NULL);
    cs_tally *tally = NULL;
    cs_alloc_policy_for_scan(); /* batches' pages kept, not faulted in again (alloc_policy.h) */
    cs_scan_status st = cs_scan_run(opt, &tally, err, sizeof err);
    if (st == CS_SCAN_FAILED) {
        /* The scan's message says it all (a findings write error included). */
        if (opt->findings)
            cs_scan_findings_abort(&findings);
        fprintf(stderr, "certsweep scan: %s\n", err);
        return CS_EXIT_FAILED;
    }
    /* The corpus findings come after the scan: their lines end the findings file. */
    if (tally->corpus)
        cs_corpus_set_shared_primes(tally->corpus, shared_primes);
    bool ok = !tally->corpus || cs_corpus_finish(tally->corpus, err, sizeof err);
    ok = ok && (!opt->findings || cs_scan_findings_end_lines(&findings, err, sizeof err));
    if (ok && opt->findings && !cs_report_corpus_lines(findings.file.f, tally)) {
        snprintf(err, sizeof err, "cannot write the corpus findings to %.400s", findings.file.name);
        ok = false;
    }
    if (!ok && opt->findings)
        cs_scan_findings_abort(&findings);
    else
        ok = !opt->findings || cs_scan_findings_close(&findings, err, sizeof err);
    /* Synced before the state records it: a resume cuts the file back to it. */
    tally->findings_mark_set = opt->findings && findings.mark_set;
    if (tally->findings_mark_set)
        tally->findings_mark = findings.mark;
    if (ok && !cs_tally_add_new_scan(tally, started)) {
        snprintf(err, sizeof err, "cannot make the scan's identity (out of memory or no random bytes)");
        ok = false;
    }
    if (ok && shard && !cs_shard_plan_stamp(shard, tally)) {
        snprintf(err, sizeof err, "out of memory recording the shard");
        ok = false;
    }
    ok = ok && cs_report_write(tally, outdir, err, sizeof err) &&
         (!state_path || cs_state_write(tally, state_path, err, sizeof err));
    if (!ok) {
        fprintf(stderr, "certsweep scan: %s\n", err);
        cs_tally_free(tally);
        return CS_EXIT_FAILED;
    }
    fprintf(stderr,
            "certsweep scan: %llu records read, %llu certificates linted, %llu parse failures, "
            "%zu issuers%s; report in %s/index.html\n",
            (unsigned long long)cs_tally_records_read(tally),
            (unsigned long long)cs_tally_certificates_linted(tally),
            (unsigned long long)cs_tally_parse_failures(tally), cs_tally_issuer_count(tally),
            st == CS_SCAN_INTERRUPTED ? " (interrupted: partial)"
            : st == CS_SCAN_INCOMPLETE ? " (partial: an input is incomplete)" : "",
            outdir);
    *written = true;
    int status = st == CS_SCAN_INTERRUPTED ? CS_EXIT_INTERRUPTED
                 : cs_tally_inputs_failed(tally) > 0 ? CS_EXIT_FAILED
                 : st == CS_SCAN_INCOMPLETE ? CS_EXIT_INCOMPLETE
                                            : CS_EXIT_OK;
    cs_tally_free(tally);
    return status;
}

int cs_cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "threads", required_argument, NULL, 'j' },
        { "rules", required_argument, NULL, 'r' },
        { "format", required_argument, NULL, 'f' },
        { "list-formats", no_argument, NULL, OPT_LIST_FORMATS },
        { "json-field", required_argument, NULL, OPT_JSON_FIELD },
        { "csv-column", required_argument, NULL, OPT_CSV_COLUMN },
        { "state", required_argument, NULL, OPT_STATE },
        { "findings", required_argument, NULL, OPT_FINDINGS },
        { "findings-all", no_argument, NULL, OPT_FINDINGS_ALL },
        { "as-of", required_argument, NULL, OPT_AS_OF },
        { "smime-guess", no_argument, NULL, OPT_SMIME_GUESS },
        { "shard", required_argument, NULL, OPT_SHARD },
        { "tls-scope-zlint", no_argument, NULL, OPT_TLS_SCOPE_ZLINT },
        { "issuers", required_argument, NULL, OPT_ISSUERS },
        { "verify-signatures", no_argument, NULL, OPT_VERIFY_SIGNATURES },
        { "shared-primes", no_argument, NULL, OPT_SHARED_PRIMES },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        CS_SCAN_LOG_LONGOPTS,
        { NULL, 0, NULL, 0 },
    };
    const char *outdir = "certsweep-report";
    const char *rules = NULL;
    const char *state_path = NULL;
    const char *findings_path = NULL;
    const char *issuers_path = NULL;
    bool shared_primes = false;
    cs_scan_options opt = { 0 };
    cs_lint_options lint = { 0 };
    uint32_t shard_k = 0, shard_n = 0;
    opt.ingest.csv_column = -1;
    opt.errors = stderr;
    cs_scan_logs logs; /* CT log inputs (scan_logs.h) */
    cs_scan_logs_init(&logs);

    char err[512];
    int ch;
    unsigned long v;
    while ((ch = getopt_long(argc, argv, "o:j:r:f:qhV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': outdir = optarg; break;
        case 'j':
            if (!cs_cli_parse_uint(optarg, 1024, &v) || v == 0)
                return cs_cli_usage_error("scan", "--threads wants a number from 1 to 1024, not '%s'", optarg);
            opt.threads = (unsigned)v;
            break;
        case 'r': rules = optarg; break;
        case 'f':
            if (!cs_format_known(optarg))
                return cs_cli_usage_error("scan", "unknown format '%s' (see --list-formats)", optarg);
            opt.ingest.format = optarg;
            break;
        case OPT_LIST_FORMATS: list_formats(); return CS_EXIT_OK;
        case OPT_JSON_FIELD: opt.ingest.json_field = optarg; break;
        case OPT_CSV_COLUMN:
            if (!cs_cli_parse_uint(optarg, 4096, &v))
                return cs_cli_usage_error("scan", "--csv-column wants a column number, not '%s'", optarg);
            opt.ingest.csv_column = (int)v;
            break;
        case OPT_STATE: state_path = optarg; break;
        case OPT_FINDINGS: findings_path = optarg; break;
        case OPT_FINDINGS_ALL: opt.findings_all = true; break;
        case OPT_AS_OF:
            if (!cs_parse_date(optarg, &lint.as_of))
                return cs_cli_usage_error("scan", "--as-of wants a date YYYY-MM-DD, not '%s'", optarg);
            lint.as_of_set = true;
            break;
        case OPT_SMIME_GUESS: lint.smime_guess = true; break;
        case OPT_SHARD:
            if (!cs_shard_parse(optarg, &shard_k, &shard_n, err, sizeof err))
                return cs_cli_usage_error("scan", "%s", err);
            break;
        case OPT_TLS_SCOPE_ZLINT: lint.tls_scope_zlint = true; break;
        case OPT_ISSUERS: issuers_path = optarg; break;
        case OPT_VERIFY_SIGNATURES: lint.verify_signatures = true; break;
        case OPT_SHARED_PRIMES: shared_primes = true; break;
        case 'q': opt.quiet = true; break;
        case 'h': scan_help(); return CS_EXIT_OK;
        case 'V': cs_cli_version("scan"); return CS_EXIT_OK;
        default:
            if (ch >= CS_OPT_LOG_KEY && ch < CS_OPT_LOG_END && cs_scan_logs_option(&logs, ch, optarg) == CS_EXIT_OK)
                break;
            cs_scan_logs_free(&logs);
            return ch >= CS_OPT_LOG_KEY && ch < CS_OPT_LOG_END ? CS_EXIT_USAGE : cs_cli_bad_option("scan");
        }
    }
    if (optind >= argc && !logs.log_list && !logs.resume)
        return cs_cli_usage_error("scan", "no INPUT given");
    size_t n_stdin = 0;
    for (int i = optind; i < argc; i++)
        n_stdin += strcmp(argv[i], "-") == 0;
    if (n_stdin > 1)
        return cs_cli_usage_error("scan", "standard input ('-') given more than once");
    size_t first, second;
    if (same_input_twice(argv + optind, (size_t)(argc - optind), &first, &second))
        return cs_cli_usage_error("scan", "'%s' and '%s' are the same input: its records would be counted twice",
                                  argv[optind + first], argv[optind + second]);
    if (n_stdin && shard_n)
        return cs_cli_usage_error("scan", "--shard cannot split standard input: every shard reads its own");
    if (opt.findings_all && !findings_path)
        return cs_cli_usage_error("scan", "--findings-all needs --findings FILE");
    /* The input digests are for the state and merge only (ingest.h). */
    opt.ingest.no_digest = !state_path && !shard_n;

    cs_ruleset *rs = cs_ruleset_new(rules, err, sizeof err);
    if (!rs)
        return cs_cli_usage_error("scan", "%s", err);
    /* The RSA moduli serve only the batch GCD, now or in a merge of the state. */
    lint.corpus_without_moduli = !shared_primes && !state_path;
    cs_ruleset_set_options(rs, &lint);
    opt.rules = rs;
    cs_issuer_store *issuers = NULL;
    cs_shard_plan *shard = NULL;
    int status = CS_EXIT_FAILED, signals = 0;
    if (issuers_path) {
        size_t skipped = 0;
        if (!(issuers = cs_issuer_store_load(issuers_path, &skipped, err, sizeof err))) {
            fprintf(stderr, "certsweep scan: --issuers %s\n", err);
            goto done;
        }
        if (!opt.quiet)
            fprintf(stderr, "certsweep scan: %zu CA certificates from %s (%zu that do not parse skipped)\n",
                    cs_issuer_store_count(issuers), issuers_path, skipped);
        opt.issuers = issuers;
    }
    if (shard_n) {
        opt.inputs = (const char *const *)argv + optind;
        opt.n_inputs = (size_t)(argc - optind);
        bool any_log = logs.log_list || logs.resume;
        for (size_t i = 0; i < opt.n_inputs; i++)
            any_log |= cs_log_is_url(opt.inputs[i]);
        if (any_log) {
            status = cs_cli_usage_error("scan", "--shard splits files and archives, not CT logs (read a log in "
                                                "parts with --from and --to)");
            goto done;
        }
        if (!(shard = cs_shard_plan_new(opt.inputs, opt.n_inputs, &opt.ingest, shard_k, shard_n, err, sizeof err))) {
            fprintf(stderr, "certsweep scan: %s\n", err);
            goto done;
        }
        cs_shard_plan_apply(shard, &opt.ingest);
    }
    if (!cs_signals_hold()) {
        fprintf(stderr, "certsweep scan: cannot install signal handlers: %s\n", strerror(errno));
        goto done;
    }
    /* One round, or rounds of CT log reading with --follow (scan_logs.h). */
    bool written;
    do {
        written = false;
        status = cs_scan_logs_setup(&logs, argv + optind, (size_t)(argc - optind), &opt, state_path, rs);
        if (status == CS_EXIT_OK)
            status = scan_and_write(&opt, outdir, state_path, findings_path, &logs, shard, shared_primes, &written);
    } while (cs_scan_logs_next_round(&logs, status, written));
    signals = cs_signals_release();
done:
    cs_issuer_store_free(issuers);
    cs_ruleset_free(rs);
    cs_shard_plan_free(shard);
    cs_scan_logs_free(&logs);
    if (signals > 0 && status == CS_EXIT_OK) {
        /* The signal came after the last record: what was written is whole. */
        fprintf(stderr, "certsweep scan: interrupted while writing; the reports were finished first and are complete\n");
        status = CS_EXIT_INTERRUPTED;
    }
    return status;
}
