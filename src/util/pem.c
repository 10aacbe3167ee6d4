/* PEM boundaries and labels (see pem.h). */
#include "util/pem.h"

#include <string.h>

const uint8_t *cs_pem_find(const uint8_t *p, size_t n, const char *marker)
{
    size_t k = strlen(marker);
    return n >= k ? memmem(p, n, marker, k) : NULL;
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
