/* PEM boundaries and labels (see pem.h). */
#include "util/pem.h"

#include <string.h>

/* memchr for the marker's first byte, then a compare: memchr scans
 * vectorised where memmem sets up tables on every call, and the markers'
 * '-' is rare in DER and absent from base64 (the framer calls this on
 * every line and the detector on every member).  Same answer as memmem
 * (tested against it). */
const uint8_t *cs_pem_find(const uint8_t *p, size_t n, const char *marker)
{
    size_t k = strlen(marker);
    if (k == 0 || n < k)
        return k == 0 ? p : NULL;
    const uint8_t *last = p + (n - k); /* the last place the marker can start */
    while (p <= last) {
        p = memchr(p, (unsigned char)marker[0], (size_t)(last - p) + 1);
        if (!p)
            return NULL;
        /* The second byte first: a '-' alone is common in DER. */
        if ((k == 1 || p[1] == (unsigned char)marker[1]) && memcmp(p, marker, k) == 0)
            return p;
        p++;
    }
    return NULL;
}

size_t cs_pem_label(const uint8_t *p, size_t n, char *out, size_t size)
{
    const uint8_t *end = cs_pem_find(p, n, CS_PEM_DASHES);
    if (!end || (size_t)(end - p) >= size)
        return 0;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return (size_t)(end - p) + strlen(CS_PEM_DASHES);
}

cs_pem_kind cs_pem_label_kind(const char *label)
{
    if (strcmp(label, "CERTIFICATE") == 0 || strcmp(label, "X509 CERTIFICATE") == 0)
        return CS_PEM_CERTIFICATE;
    if (strcmp(label, "TRUSTED CERTIFICATE") == 0)
        return CS_PEM_TRUSTED_CERTIFICATE;
    if (strcmp(label, "TBS CERTIFICATE") == 0)
        return CS_PEM_TBS_CERTIFICATE;
    return CS_PEM_OTHER;
}
