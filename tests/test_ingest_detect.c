/* Format detection (src/ingest/formats.c) skips a framer whose highest
 * score (cs_framer.most) cannot beat the best so far.  On heads of every
 * format, with and without the end of the member, under names that hint
 * and names that do not, and on those heads cut and spoiled at random:
 * no framer ever scores above its `most`, and the framer detected is the
 * one asking every framer in table order would pick (ties to the first). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/framer.h"

static const cs_framer *framer_at(size_t i)
{
    const cs_format_info *fi = cs_format_get(i + 1); /* 0 is "auto" */
    return fi ? cs_framer_find(fi->name) : NULL;
}

static const cs_framer *ask_all(const uint8_t *p, size_t n, bool eof, const char *name)
{
    const cs_framer *best = NULL;
    int best_score = 0;
    for (size_t i = 0; framer_at(i); i++) {
        const cs_framer *f = framer_at(i);
        int s = f->detect(p, n, eof, name);
        cr_assert(f->most > 0, "%s says its highest score", f->info.name);
        cr_assert(s <= f->most, "%s scored %d, above its most %d", f->info.name, s, f->most);
        if (s > best_score) {
            best_score = s;
            best = f;
        }
    }
    return best;
}

static void check(const uint8_t *p, size_t n)
{
    static const char *const names[] = { "", "x.pem", "log/tile/data/000", "a.csv" };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        for (int eof = 0; eof < 2; eof++) {
            const cs_framer *want = ask_all(p, n, eof, names[k]);
            const cs_framer *got = cs_framer_detect(p, n, eof, names[k]);
            cr_assert_eq(got, want, "%s instead of %s (n %zu, eof %d, name '%s')", got ? got->info.name : "none",
                         want ? want->info.name : "none", n, eof, names[k]);
        }
}

static size_t head_of(int kind, uint8_t *p)
{
    static const char b64[] = "MIIBszCCAVmgAwIBAgIUQkE3kQ1yYxQ2QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";
    size_t n = 0;
    switch (kind) {
    case 0: /* PEM with text before it */
        n = (size_t)sprintf((char *)p, "subject=CN x\n-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n",
                            b64);
        break;
    case 1: { /* DER: SEQUENCE { SEQUENCE ... } with a '-----BEGIN CERTIFICATE-----' inside */
        static const char in[] = "-----BEGIN CERTIFICATE-----";
        p[0] = 0x30, p[1] = 0x82, p[2] = 0x01, p[3] = 0x00, p[4] = 0x30, p[5] = 0x81, p[6] = 0xf0;
        for (n = 7; n < 260; n++)
            p[n] = (uint8_t)(n * 7);
        memcpy(p + 40, in, strlen(in));
        break;
    }
    case 2: /* base64 lines */
        n = (size_t)sprintf((char *)p, "%s\n%s\n", b64, b64);
        break;
    case 3: /* CT get-entries */
        n = (size_t)sprintf((char *)p, "{\"entries\":[{\"leaf_input\":\"AAA=\",\"extra_data\":\"\"}]}");
        break;
    case 4: { /* a static-ct tile leaf: a 2023 timestamp, x509_entry, a certificate */
        uint64_t ts = 1700000000000ull;
        for (int i = 0; i < 8; i++)
            p[i] = (uint8_t)(ts >> (56 - 8 * i));
        p[8] = 0, p[9] = 0, p[10] = 0, p[11] = 0, p[12] = 4;
        p[13] = 0x30, p[14] = 0x02, p[15] = 0x30, p[16] = 0x00; /* the certificate */
        p[17] = 0, p[18] = 0, p[19] = 0, p[20] = 0;             /* no extensions, no chain */
        n = 21;
        break;
    }
    case 5: /* CSV, Rapid7 style */
        n = (size_t)sprintf((char *)p, "sha1,base64\nabc,%s\n", b64);
        break;
    default: /* JSON Lines */
        n = (size_t)sprintf((char *)p, "{\"raw\":\"%s\",\"n\":1}\n{\"raw\":\"%s\"}\n", b64, b64);
        break;
    }
    return n;
}

Test(detect, every_format_head)
{
    uint8_t p[1024];
    for (int kind = 0; kind < 7; kind++) {
        size_t n = head_of(kind, p);
        check(p, n);
        for (size_t cut = 0; cut < n; cut++)
            check(p, cut);
    }
}

Test(detect, spoiled_heads)
{
    uint8_t p[1024], q[1024];
    srand(19);
    for (int round = 0; round < 4000; round++) {
        size_t n = head_of(round % 7, p);
        memcpy(q, p, n);
        int edits = 1 + rand() % 4;
        for (int e = 0; e < edits; e++) {
            static const uint8_t pick[] = { '{', '"', ',', '\n', '-', '0', 0x30, 0x00, 'M', '=', ' ', ':' };
            q[rand() % n] = rand() % 2 ? pick[rand() % sizeof pick] : (uint8_t)rand();
        }
        check(q, (size_t)rand() % (n + 1));
    }
}
