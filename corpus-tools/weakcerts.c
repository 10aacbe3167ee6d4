/* certsweep-weakcerts: certificates whose RSA keys have a known weakness,
 * with the ground truth, for the key-math findings (issue 18): two keys
 * sharing a prime, a ROCA-structured key, a key whose primes are close
 * (Fermat), and a plain key; for a TLS DV and an S/MIME mailbox
 * certificate each (lib/weakkeys.h makes the keys, certgen the
 * certificates).
 *
 *   certsweep-weakcerts -o DIR [-s SEED] [-b BITS]
 *
 * Writes DIR/<key>-<profile>.der and DIR/manifest.tsv:
 *   file  key  weakness  rules  detail
 * weakness: shared-prime (a corpus finding: batch GCD names `detail`, the
 * shared prime in hex, for both keys of the pair), roca, fermat (detail:
 * the Fermat round), none; rules: the per-certificate rules that fail
 * ("-" for none).  Serial numbers and keys all differ, so nothing else
 * is a corpus finding. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "weakkeys.h"

static const char *const profiles[][2] = {
    { "tls-dv", "tls_rsa_weak_key_known" },
    { "smime-mailbox-strict", "smime_rsa_weak_key_known" },
};

static int write_cert(const char *dir, const char *name, const char *profile, const cg_rsa *k, unsigned serial)
{
    cg_cert *c = cg_new(profile);
    if (!c)
        return -1;
    size_t len;
    uint8_t *spki = cg_rsa_spki_der(k, &len);
    cg_set_spki_der(c, spki, len);
    free(spki);
    char hex[40];
    snprintf(hex, sizeof hex, "5eedca7e%08x%08x", serial, serial * 2654435761u);
    cg_set_serial_hex(c, hex);
    uint8_t *der = cg_der(c, &len);
    cg_free(c);
    if (!der)
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s-%s.der", dir, name, profile);
    FILE *f = fopen(path, "wb");
    int rc = f && fwrite(der, 1, len, f) == len ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    free(der);
    if (rc)
        perror(path);
    return rc;
}

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = '\0';
}

int main(int argc, char **argv)
{
    const char *dir = NULL;
    unsigned seed = 1, bits = 2048;
    int opt;
    while ((opt = getopt(argc, argv, "o:s:b:h")) != -1) {
        switch (opt) {
        case 'o': dir = optarg; break;
        case 's': seed = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'b': bits = (unsigned)strtoul(optarg, NULL, 10); break;
        default:
            fprintf(stderr, "usage: certsweep-weakcerts -o DIR [-s SEED] [-b BITS]\n");
            return opt == 'h' ? 0 : 2;
        }
    }
    if (!dir || bits < 512 || bits > 8192) {
        fprintf(stderr, "usage: certsweep-weakcerts -o DIR [-s SEED] [-b BITS (512-8192)]\n");
        return 2;
    }
    static const char *const names[] = { "shared-prime-a", "shared-prime-b", "roca", "fermat", "plain" };
    static const char *const weakness[] = { "shared-prime", "shared-prime", "roca", "fermat", "none" };
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    FILE *m = fopen(path, "w");
    if (!m) {
        perror(path);
        return 1;
    }
    fprintf(m, "file\tkey\tweakness\trules\tdetail\n");
    int rc = 0;
    unsigned serial = seed * 16;
    /* Keys of their own for each profile: one key in two certificates
     * for unrelated subjects would be a finding (key reuse) of its own. */
    for (size_t p = 0; p < sizeof profiles / sizeof profiles[0] && rc == 0; p++) {
        uint32_t s = (uint32_t)(seed * 2 + p);
        cg_rsa keys[5];
        cg_rsa_shared_prime(&keys[0], &keys[1], bits, s);
        cg_rsa_roca(&keys[2], bits, s);
        cg_rsa_close_primes(&keys[3], bits, 5, s);
        cg_rsa_random(&keys[4], bits, s);
        char *detail = malloc(2 * keys[0].p_len + 16);
        if (!detail)
            abort();
        for (int k = 0; k < 5 && rc == 0; k++) {
            if (k < 2)
                hex_of(keys[k].p, keys[k].p_len, detail);
            else if (k == 3)
                sprintf(detail, "%u", keys[k].fermat_round);
            else
                strcpy(detail, "-");
            rc = write_cert(dir, names[k], profiles[p][0], &keys[k], serial++);
            fprintf(m, "%s-%s.der\t%s\t%s\t%s\t%s\n", names[k], profiles[p][0], names[k], weakness[k],
                    k == 2 || k == 3 ? profiles[p][1] : "-", detail);
        }
        free(detail);
        for (int k = 0; k < 5; k++)
            cg_rsa_free(&keys[k]);
    }
    if (fclose(m) != 0)
        rc = -1;
    return rc ? 1 : 0;
}
