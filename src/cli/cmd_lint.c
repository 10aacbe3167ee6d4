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
           "      --issuer FILE  the issuing CA's certificate (PEM or DER): the rules that\n"
           "                     compare with it (issuer DN bytes, AKI/SKI, signature\n"
           "                     algorithm vs CA key, S/MIME Extant CAs, the signature\n"
           "                     verified under its key) apply only with it\n"
           "      --tbs          the input is a TBSCertificate (do not detect)\n"
           "      --as-of DATE   evaluate the rules in force on DATE (YYYY-MM-DD) instead of\n"
           "                     at the certificate's notBefore\n"
           "      --smime-guess  guess the S/MIME profile (type and generation) of a\n"
           "                     certificate in S/MIME scope without a reserved policy OID,\n"
           "                     so the profile rules check it too (docs/profile-detection.md)\n"
           "      --tls-scope-zlint  TLS subscriber rules on any certificate that is not a CA,\n"
           "                     as zlint applies its CABF_BR lints\n"
           "      --json         print one JSON line instead (schema: docs/findings.md)\n"
           "  -q, --quiet        no summary line on standard error\n"
           "  -h, --help         this help\n"
           "  -V, --version      version\n"
           "\n"
           "Exit status: 0 no error-level finding (warnings and notices may be printed);\n"
           "3 at least one error-level finding; 4 the input is not exactly one\n"
           "certificate (not PEM or DER, truncated, or more than one); 1 the input or\n"
           "the issuer could not be read; 2 usage error (including an --issuer FILE\n"
           "that is not exactly one certificate).\n");
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

/* One certificate read from a file or standard input: the bytes, and
 * the DER (the bytes themselves, or decoded from their PEM block). */
typedef struct cert_input {
    uint8_t *data, *pem_der;
    const uint8_t *der;
    size_t der_len;
    long long offset, line;   /* of the PEM block; 0 and -1 for DER */
} cert_input;

static void cert_input_free(cert_input *in)
{
    csw_free(in->pem_der);
    free(in->data);
}

/* Reads path ("-": standard input).  Returns CS_EXIT_OK, or says why on
 * standard error and returns CS_EXIT_FAILED (unreadable) or
 * CS_EXIT_BAD_INPUT (too large, bad PEM).  `what` names it ("", "issuer "). */
static int read_cert(const char *path, const char *what, cert_input *in)
{
    char err[512];
    bool use_stdin = strcmp(path, "-") == 0;
    *in = (cert_input){ .offset = 0, .line = -1 };
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "certsweep lint: cannot open %s%s: %s\n", what, path, strerror(errno));
        return CS_EXIT_FAILED;
    }
    size_t len = 0;
    in->data = read_all(f, &len);
    int read_errno = errno;
    if (!use_stdin)
        fclose(f);
    if (!in->data) {
        fprintf(stderr, "certsweep lint: cannot read %s%s: %s\n", what, path,
                read_errno == EFBIG ? "larger than 64 MiB, not one certificate" : strerror(read_errno));
        return read_errno == EFBIG ? CS_EXIT_BAD_INPUT : CS_EXIT_FAILED;
    }
    in->der = in->data;
    in->der_len = len;
    if (len > 0 && csw_is_pem(in->data, len)) {
        size_t off = 0, ln = 0;
        in->pem_der = csw_pem_decode((const char *)in->data, len, &in->der_len, &off, &ln, err, sizeof err);
        if (!in->pem_der) {
            fprintf(stderr, "certsweep lint: %s%s: %s\n", what, path, err);
            return CS_EXIT_BAD_INPUT;
        }
        in->der = in->pem_der;
        in->offset = (long long)off;
        in->line = (long long)ln;
    }
    return CS_EXIT_OK;
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
    int guessed = 0;
    const char *profile = csw_findings_smime_profile(f, &guessed);
    if (profile && guessed)
        fprintf(stderr, "certsweep lint: %s: S/MIME profile guessed: %s\n", name, profile);
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

enum { OPT_TBS = 256, OPT_JSON, OPT_ISSUER, OPT_AS_OF, OPT_SMIME_GUESS, OPT_TLS_SCOPE_ZLINT };

int cs_cmd_lint(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "rules", required_argument, NULL, 'r' },
        { "issuer", required_argument, NULL, OPT_ISSUER },
        { "tbs", no_argument, NULL, OPT_TBS },
        { "json", no_argument, NULL, OPT_JSON },
        { "as-of", required_argument, NULL, OPT_AS_OF },
        { "smime-guess", no_argument, NULL, OPT_SMIME_GUESS },
        { "tls-scope-zlint", no_argument, NULL, OPT_TLS_SCOPE_ZLINT },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *selection = NULL, *issuer_path = NULL, *as_of = NULL;
    unsigned rule_options = 0;
    int tbs = 0, json = 0, quiet = 0, ch;
    while ((ch = getopt_long(argc, argv, "r:qhV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'r': selection = optarg; break;
        case OPT_ISSUER: issuer_path = optarg; break;
        case OPT_TBS: tbs = 1; break;
        case OPT_JSON: json = 1; break;
        case OPT_AS_OF: as_of = optarg; break;
        case OPT_SMIME_GUESS: rule_options |= CSW_RULES_SMIME_GUESS; break;
        case OPT_TLS_SCOPE_ZLINT: rule_options |= CSW_RULES_TLS_SCOPE_ZLINT; break;
        case 'q': quiet = 1; break;
        case 'h': lint_help(); return CS_EXIT_OK;
        case 'V': cs_cli_version("lint"); return CS_EXIT_OK;
        default: return cs_cli_bad_option("lint");
        }
    }
    if (argc - optind > 1)
        return cs_cli_usage_error("lint", "one FILE at a time (got %d)", argc - optind);
    const char *path = optind < argc ? argv[optind] : "-";
    if (issuer_path && strcmp(issuer_path, "-") == 0 && strcmp(path, "-") == 0)
        return cs_cli_usage_error("lint", "the certificate and --issuer cannot both be standard input");

    char err[512];
    if (issuer_path) /* one certificate: the cost of verifying its signature does not matter */
        rule_options |= CSW_RULES_VERIFY_SIGNATURES;
    csw_ruleset *rs = csw_ruleset_open_ex(selection, as_of, rule_options, err, sizeof err);
    if (!rs)
        return cs_cli_usage_error("lint", "%s", err);

    csw_findings *f = NULL;
    cert_input in = { 0 }, ca = { 0 };
    int status = read_cert(path, "", &in);
    if (status != CS_EXIT_OK)
        goto out;
    if (issuer_path) {
        status = read_cert(issuer_path, "issuer ", &ca);
        if (status != CS_EXIT_OK) {
            /* A wrong --issuer is the caller's mistake, not a bad certificate. */
            status = status == CS_EXIT_BAD_INPUT ? CS_EXIT_USAGE : status;
            goto out;
        }
    }

    unsigned flags = CSW_LINT_SINGLE | (tbs ? CSW_LINT_TBS : CSW_LINT_DETECT);
    f = csw_lint_der_with_issuer(rs, in.der, in.der_len, ca.der, ca.der_len, flags, err, sizeof err);
    if (!f) {
        bool issuer_err = strncmp(err, "issuer: ", 8) == 0;
        fprintf(stderr, "certsweep lint: %s: %s\n", issuer_err ? issuer_path : path, err);
        status = issuer_err ? CS_EXIT_USAGE : CS_EXIT_BAD_INPUT;
        goto out;
    }

    status = CS_EXIT_FAILED;
    if (json) {
        char *text = csw_findings_to_json(f, path, in.offset, in.line);
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
    cert_input_free(&ca);
    cert_input_free(&in);
    csw_ruleset_close(rs);
    return status;
}
