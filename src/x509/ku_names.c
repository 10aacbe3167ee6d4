/* keyUsage bits as names, for rule details (see cert.h). */
#include <stdio.h>

#include "x509/cert.h"

const char *cs_ku_names(uint16_t bits, char *out, size_t size)
{
    /* RFC 5280 4.2.1.3, bit n = (1u << n) */
    static const char *const names[] = { "digitalSignature", "nonRepudiation", "keyEncipherment",
                                         "dataEncipherment", "keyAgreement", "keyCertSign",
                                         "cRLSign", "encipherOnly", "decipherOnly" };
    if (size == 0)
        return out;
    out[0] = '\0';
    size_t len = 0;
    for (unsigned bit = 0; bit < 16; bit++) {
        if (!(bits & (1u << bit)))
            continue;
        int n = bit < sizeof names / sizeof names[0]
                    ? snprintf(out + len, size - len, "%s%s", len ? ", " : "", names[bit])
                    : snprintf(out + len, size - len, "%sbit%u", len ? ", " : "", bit);
        if (n < 0 || (size_t)n >= size - len)
            return out; /* cut: snprintf kept it terminated */
        len += (size_t)n;
    }
    if (len == 0)
        snprintf(out, size, "none");
    return out;
}
