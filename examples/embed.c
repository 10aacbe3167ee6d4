/* embed.c -- a CA embedding libcertsweep as a pre-issuance gate.
 *
 * Since ballot SMC09 a CA must lint every S/MIME certificate before it
 * issues it.  This program stands for the issuing step: it opens the rule
 * set once (at start-up), then for each to-be-signed certificate given on
 * the command line (DER TBSCertificate, or an already signed certificate)
 * lints it and refuses to "sign" when there is an error-level finding.
 *
 *   cc embed.c $(pkg-config --cflags --libs certsweep) -o embed
 *   ./embed tbs1.der cert2.der
 *
 * Exit status: 0 every input may be issued, 1 at least one must not,
 * 2 an input could not be read or is not a certificate. */
#include <certsweep.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *bigger = cap < (1u << 24) ? realloc(buf, cap * 2) : NULL;
        if (!bigger) {
            free(buf);
            buf = NULL;
        } else {
            buf = bigger;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    char err[256];
    /* Open once and share: a rule set is immutable and thread-safe.  A CA
     * would select the sources that match what it issues. */
    csw_ruleset *rules = csw_ruleset_open("all", err, sizeof err);
    if (!rules) {
        fprintf(stderr, "embed: %s\n", err);
        return 2;
    }
    printf("libcertsweep %s, %zu rules\n", csw_version(), csw_rule_count(rules));

    int status = 0;
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        unsigned char *der = read_file(argv[i], &len);
        if (!der) {
            fprintf(stderr, "embed: cannot read %s\n", argv[i]);
            status = 2;
            continue;
        }
        /* DETECT: a TBSCertificate (before signing) or a Certificate. */
        csw_findings *f = csw_lint_der(rules, der, len, CSW_LINT_DETECT | CSW_LINT_SINGLE, err, sizeof err);
        free(der);
        if (!f) {
            fprintf(stderr, "embed: %s: %s\n", argv[i], err);
            status = 2;
            continue;
        }
        for (size_t k = 0; k < csw_findings_count(f); k++) {
            const csw_finding *x = csw_finding_get(f, k);
            printf("  %s: %s %s: %s [%s]\n", argv[i], csw_severity_name(x->severity), x->rule_id,
                   x->detail, x->citation);
        }
        if (csw_findings_worst(f) == CSW_SEV_ERROR) {
            printf("%s: REFUSED (error-level findings)\n", argv[i]);
            if (status == 0)
                status = 1;
        } else {
            printf("%s: ok to %s\n", argv[i], csw_findings_is_tbs(f) ? "sign" : "issue");
        }
        /* The findings as the JSON line a CA can store with its issuance record. */
        char *json = csw_findings_to_json(f, argv[i], 0, -1);
        if (json) {
            fputs(json, stdout);
            csw_free(json);
        }
        csw_findings_free(f);
    }
    csw_ruleset_close(rules);
    return status;
}
