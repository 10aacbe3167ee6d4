/* The extent of one DER element from its header alone: what the DER
 * framer and the TRUSTED CERTIFICATE decoder need to cut records. */
#include "ingest/framer.h"

uint64_t cs_der_element_len(const uint8_t *p, size_t n, bool *bad)
{
    *bad = false;
    if (n < 2)
        return 0;
    if ((p[0] & 0x1f) == 0x1f) { /* high tag numbers: not a certificate */
        *bad = true;
        return 0;
    }
    uint8_t l = p[1];
    if (l < 0x80)
        return 2u + l;
    if (l == 0x80 || l > 0x88) { /* indefinite (BER) or absurd */
        *bad = true;
        return 0;
    }
    size_t k = l & 0x7f;
    if (n < 2 + k)
        return 0;
    uint64_t len = 0;
    for (size_t i = 0; i < k; i++) {
        if (len >> 55) {
            *bad = true;
            return 0;
        }
        len = len << 8 | p[2 + i];
    }
    return 2 + k + len;
}
