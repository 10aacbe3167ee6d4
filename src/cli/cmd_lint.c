/* certsweep lint: lint one certificate and print its findings.
 *
 * Uses only the public library API (certsweep.h), so that what a CA
 * embedding libcertsweep gets is exactly what this command prints. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certsweep.h"
#include "cli/cli.h"

/* Far above any certificate; bounds what a hostile input can make us hold. */
#define LINT_MAX_INPUT (64u << 20)

static void lint_help(void)
{
    printf("usage: certsweep lint [options] [FILE|-]\n"
           "\n"
           "Lints one certificate and prints its findings, one line per finding:\n"
           "  SEVERITY RULE_ID: DETAIL [CITATION]\n"
           "FILE (default: standard input) holds one certificate, PEM or DER, or a bare\n"
           "DER TBSCertificate for pre-issuance linting (detected; rules about the outer\n"
           "signature do not apply to it).\n"
           "\n"
           "options:\n"
           "  -r, --rules LIST   rule sources and ids, comma-separated; '-id' removes\n"
           "                     (default: all; as for 'certsweep scan --rules')\n"
           "      --tbs          the input is a TBSCertificate (do not detect)\n"
           "      --json         print one JSON line instead (schema: docs/findings.md)\n"
           "  -q, --quiet        no summary line on standard error\n"
           "  -h, --help         this help\n"
           "  -V, --version      version\n"
           "\n"
           "Exit status: 0 no error-level finding (warnings and notices may be printed);\n"
           "3 at least one error-level finding; 4 the input is not exactly one\n"
           "certificate (not PEM or DER, truncated, or more than one); 1 the input could\n"
           "not be read; 2 usage error.\n");
}

/* Reads all of f; NULL with errno set on failure (EFBIG past the limit). */
static uint8_t *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            if (cap >= LINT_MAX_INPUT) {
                free(buf);
                errno = EFBIG;
                return NULL;
            }
            uint8_t *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                errno = e;
                return NULL;
            }
            break;
        }
    }
    *len = n;
    return buf;
}

static void print_text(const csw_findings *f)
{
    for (size_t i = 0; i < csw_findings_count(f); i++) {
        const csw_finding *x = csw_finding_get(f, i);
        /* The library guarantees details free of control characters. */
        printf("%s %s: %s [%s]\n", csw_severity_name(x->severity), x->rule_id,
               x->detail[0] ? x->detail : "(no detail)", x->citation);
    }
}

static void print_summary(const char *name, const csw_findings *f)
{
    size_t count[3] = { 0, 0, 0 };
    for (size_t i = 0; i < csw_findings_count(f); i++) {
        csw_severity s = csw_finding_get(f, i)->severity;
        if ((unsigned)s < 3)
            count[s]++;
    }
    fprintf(stderr, "certsweep lint: %s%s: %zu error%s, %zu warning%s, %zu notice%s\n", name,
            csw_findings_is_tbs(f) ? " (TBSCertificate)" : "", count[CSW_SEV_ERROR],
            count[CSW_SEV_ERROR] == 1 ? "" : "s", count[CSW_SEV_WARNING],
            count[CSW_SEV_WARNING] == 1 ? "" : "s", count[CSW_SEV_NOTICE],
            count[CSW_SEV_NOTICE] == 1 ? "" : "s");
}

enum { OPT_TBS = 256, OPT_JSON };

int cs_cmd_lint(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "rules", required_argument, NULL, 'r' },
        { "tbs", no_argument, NULL, OPT_TBS },
        { "json", no_argument, NULL, OPT_JSON },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *selection = NULL;
    int tbs = 0, json = 0, quiet = 0, ch;
    while ((ch = getopt_long(argc, argv, "r:qhV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r': selection = optarg; break;
        case OPT_TBS: tbs = 1; break;
        case OPT_JSON: json = 1; break;
        case 'q': quiet = 1; break;
        case 'h': lint_help(); return CS_EXIT_OK;
        case 'V': cs_cli_version("lint"); return CS_EXIT_OK;
        default: return cs_cli_usage_error("lint", "bad option");
        }
    }
    if (argc - optind > 1)
        return cs_cli_usage_error("lint", "one FILE at a time (got %d)", argc - optind);
    const char *path = optind < argc ? argv[optind] : "-";
    bool use_stdin = strcmp(path, "-") == 0;

    char err[512];
    csw_ruleset *rs = csw_ruleset_open(selection, err, sizeof err);
    if (!rs)
        return cs_cli_usage_error("lint", "%s", err);

    int status = CS_EXIT_FAILED;
    uint8_t *data = NULL, *pem_der = NULL;
    csw_findings *f = NULL;
    size_t len = 0;
    FILE *in = use_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "certsweep lint: cannot open %s: %s\n", path, strerror(errno));
        goto out;
    }
    data = read_all(in, &len);
    int read_errno = errno;
    if (!use_stdin)
        fclose(in);
    if (!data) {
        fprintf(stderr, "certsweep lint: cannot read %s: %s\n", path,
                read_errno == EFBIG ? "larger than 64 MiB, not one certificate" : strerror(read_errno));
        status = read_errno == EFBIG ? CS_EXIT_BAD_INPUT : CS_EXIT_FAILED;
        goto out;
    }

    const uint8_t *der = data;
    size_t der_len = len;
    long long offset = 0, line = -1;
    if (len > 0 && csw_is_pem(data, len)) {
        size_t off = 0, ln = 0;
        pem_der = csw_pem_decode((const char *)data, len, &der_len, &off, &ln, err, sizeof err);
        if (!pem_der) {
            fprintf(stderr, "certsweep lint: %s: %s\n", path, err);
            status = CS_EXIT_BAD_INPUT;
            goto out;
        }
        der = pem_der;
        offset = (long long)off;
        line = (long long)ln;
    }

    unsigned flags = CSW_LINT_SINGLE | (tbs ? CSW_LINT_TBS : CSW_LINT_DETECT);
    f = csw_lint_der(rs, der, der_len, flags, err, sizeof err);
    if (!f) {
        fprintf(stderr, "certsweep lint: %s: %s\n", path, err);
        status = CS_EXIT_BAD_INPUT;
        goto out;
    }

    if (json) {
        char *text = csw_findings_to_json(f, path, offset, line);
        if (!text) {
            fprintf(stderr, "certsweep lint: out of memory\n");
            goto out;
        }
        fputs(text, stdout);
        csw_free(text);
    } else {
        print_text(f);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "certsweep lint: cannot write the findings: %s\n", strerror(errno));
        goto out;
    }
    if (!quiet)
        print_summary(path, f);
    status = csw_findings_worst(f) == CSW_SEV_ERROR ? CS_EXIT_LINT_ERRORS : CS_EXIT_OK;

out:
    csw_findings_free(f);
    csw_free(pem_der);
    free(data);
    csw_ruleset_close(rs);
    return status;
}
