/* util/pem: the PEM boundary syntax shared by the scan's PEM framer and
 * the library's csw_pem_decode. */
#include <criterion/criterion.h>
#include <string.h>

#include "certsweep.h"
#include "util/pem.h"

#define S(lit) (const uint8_t *)(lit), sizeof(lit) - 1

Test(pem, finds_markers_anywhere)
{
    static const char text[] = "junk -----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    const uint8_t *b = cs_pem_find(S(text), CS_PEM_BEGIN);
    cr_assert_eq((const char *)b, text + 5);
    const uint8_t *e = cs_pem_find(S(text), CS_PEM_END);
    cr_assert_eq((const char *)e, strstr(text, "-----END"));
    cr_assert_null(cs_pem_find(S("-----BEGI"), CS_PEM_BEGIN), "shorter than the marker");
    cr_assert_null(cs_pem_find(S("no markers here"), CS_PEM_END));
}

/* cs_pem_find scans with memchr + memcmp: it must answer as memmem does,
 * on text thick with dashes and near-markers, and at the very ends. */
Test(pem, find_answers_as_memmem)
{
    static const char *const markers[] = { CS_PEM_BEGIN, CS_PEM_END, CS_PEM_DASHES, "-" };
    static const char alphabet[] = "-----BEGIN END-\n\nMIIx";
    uint8_t buf[300];
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 97) + (round % 5 == 0 ? 200 : 0);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            buf[i] = r % 4 == 0 ? (uint8_t)(r >> 4) : (uint8_t)alphabet[(r >> 4) % (sizeof alphabet - 1)];
        }
        if (round % 7 == 0 && n >= 11) /* a marker at the very end */
            memcpy(buf + n - 11, round % 2 ? CS_PEM_BEGIN : "-----END --", 11);
        for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++) {
            size_t k = strlen(markers[m]);
            const uint8_t *want = n >= k ? memmem(buf, n, markers[m], k) : NULL;
            cr_assert_eq(cs_pem_find(buf, n, markers[m]), want, "round %d, marker %zu, %zu bytes", round, m, n);
        }
    }
    cr_assert_null(cs_pem_find(S("----END "), CS_PEM_END), "one byte short");
    cr_assert_not_null(cs_pem_find(S("-----END "), CS_PEM_END), "exactly the marker");
}

Test(pem, reads_labels)
{
    char label[40];
    cr_assert_eq(cs_pem_label(S("X509 CERTIFICATE-----\n"), label, sizeof label), 21);
    cr_assert_str_eq(label, "X509 CERTIFICATE");
    cr_assert_eq(cs_pem_label(S("-----"), label, sizeof label), 5, "an empty label");
    cr_assert_str_eq(label, "");
    cr_assert_eq(cs_pem_label(S("CERTIFICATE----"), label, sizeof label), 0, "no closing dashes");
    char small[8];
    cr_assert_eq(cs_pem_label(S("CERTIFICATE-----"), small, sizeof small), 0, "label too long for the buffer");
}

Test(pem, knows_which_labels_hold_certificates)
{
    cr_assert_eq(cs_pem_label_kind("CERTIFICATE"), CS_PEM_CERTIFICATE);
    cr_assert_eq(cs_pem_label_kind("X509 CERTIFICATE"), CS_PEM_CERTIFICATE);
    cr_assert_eq(cs_pem_label_kind("TRUSTED CERTIFICATE"), CS_PEM_TRUSTED_CERTIFICATE);
    cr_assert_eq(cs_pem_label_kind("TBS CERTIFICATE"), CS_PEM_TBS_CERTIFICATE);
    cr_assert_eq(cs_pem_label_kind("PRIVATE KEY"), CS_PEM_OTHER);
    cr_assert_eq(cs_pem_label_kind("certificate"), CS_PEM_OTHER, "labels are case-sensitive");
}

Test(pem, library_decoder_uses_the_scan_base64_rules)
{
    /* "MAA=" is the DER 30 00; data after the padding is refused, as the
     * scan refuses it. */
    static const char ok[] = "-----BEGIN X509 CERTIFICATE-----\nMA\n A=\n-----END X509 CERTIFICATE-----\n";
    char err[256];
    size_t n = 0, off = 99, line = 0;
    uint8_t *der = csw_pem_decode(ok, sizeof ok - 1, &n, &off, &line, err, sizeof err);
    cr_assert_not_null(der, "%s", err);
    cr_assert_eq(n, 2);
    cr_assert_eq(der[0], 0x30);
    cr_assert_eq(off, 0);
    cr_assert_eq(line, 1);
    free(der);
    static const char bad[] = "text\n-----BEGIN CERTIFICATE-----\nMAA=MAA=\n-----END CERTIFICATE-----\n";
    cr_assert_null(csw_pem_decode(bad, sizeof bad - 1, &n, NULL, NULL, err, sizeof err));
    cr_assert_str_eq(err, "bad base64 in the PEM certificate block at line 3");
    static const char empty[] = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    cr_assert_null(csw_pem_decode(empty, sizeof empty - 1, &n, NULL, NULL, err, sizeof err));
    cr_assert_str_eq(err, "bad base64 in the PEM certificate block at line 2");
}
