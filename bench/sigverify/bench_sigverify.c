/* Signature verification cost per certificate (x509/signature_verify.h),
 * single-threaded, for the issuer keys that sign most of the Web PKI:
 * RSA-2048, RSA-4096, P-256, P-384.  For each: certificates made by
 * certgen under that test CA, verified in a loop (two certificates in
 * turn, so the per-thread answer cache never hits; the signer key cache
 * does, as in a scan where issuers repeat), and beside it the cost of
 * linting the same certificate with every rule, so the ratio says what
 * --verify-signatures adds to a scan.
 * Usage: bench_sigverify [SECONDS_PER_CASE] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "certgen.h"
#include "lint/ruleset.h"
#include "x509/signature_verify.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct bench_case {
    const char *name, *issuer_key, *signature;
} bench_case;

int main(int argc, char **argv)
{
    double budget = argc > 1 ? atof(argv[1]) : 1.0;
    static const bench_case cases[] = {
        { "RSA-2048", "rsa2048", "sha256" },
        { "RSA-4096", "rsa4096", "sha256" },
        { "P-256", "p256", "ecdsa-sha256" },
        { "P-384", "p384", "ecdsa-sha384" },
    };
    char err[256];
    cs_ruleset *rs = cs_ruleset_new(NULL, err, sizeof err);
    cs_cert *issuer = malloc(sizeof *issuer), *leaf[2] = { malloc(sizeof(cs_cert)), malloc(sizeof(cs_cert)) };
    cs_lint_result *res = malloc(sizeof *res);
    if (!rs || !issuer || !leaf[0] || !leaf[1] || !res) {
        fprintf(stderr, "bench_sigverify: setup failed: %s\n", err);
        return 1;
    }
    printf("%-9s %12s %12s %10s\n", "issuer", "verify_us", "lint_us", "ratio");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const bench_case *bc = &cases[k];
        size_t ilen, len[2];
        uint8_t *ider = cg_issuer_der(bc->issuer_key, &ilen), *der[2];
        cs_parse_error perr;
        for (int i = 0; i < 2; i++) {
            cg_cert *c = cg_new("tls-dv");
            cg_set_issuer_key(c, bc->issuer_key);
            cg_set_signature(c, bc->signature);
            cg_set_serial_hex(c, i ? "7a1b2c3d4e5f60718293a4b5c6d7e8f9" : "7a1b2c3d4e5f60718293a4b5c6d7e8fa");
            der[i] = cg_der(c, &len[i]);
            cg_free(c);
            if (!der[i] || !cs_cert_parse(leaf[i], der[i], len[i], &perr))
                return 1;
        }
        if (!ider || !cs_cert_parse(issuer, ider, ilen, &perr) ||
            cs_signature_verify(leaf[0], &issuer->spki) != CS_SIG_VALID) {
            fprintf(stderr, "bench_sigverify: %s: the test certificate does not verify\n", bc->name);
            return 1;
        }
        size_t n = 0;
        double t0 = now(), t;
        while ((t = now()) - t0 < budget) {
            for (int i = 0; i < 64; i++)
                cs_signature_verify(leaf[(n + (size_t)i) & 1], &issuer->spki);
            n += 64;
        }
        double verify_us = (t - t0) / (double)n * 1e6;
        n = 0;
        t0 = now();
        while ((t = now()) - t0 < budget) {
            for (int i = 0; i < 64; i++) {
                cs_cert_parse(leaf[i & 1], der[i & 1], len[i & 1], &perr);
                cs_lint(rs, leaf[i & 1], res);
            }
            n += 64;
        }
        double lint_us = (t - t0) / (double)n * 1e6;
        printf("%-9s %12.1f %12.1f %9.1fx\n", bc->name, verify_us, lint_us, verify_us / lint_us);
        free(ider);
        free(der[0]);
        free(der[1]);
    }
    free(issuer);
    free(leaf[0]);
    free(leaf[1]);
    free(res);
    cs_ruleset_free(rs);
    return 0;
}
