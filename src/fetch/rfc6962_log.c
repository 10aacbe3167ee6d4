/* Reading an RFC 6962 log. */
#include "fetch/log_run.h"

#include <stdio.h>

bool cs_rfc6962_log_read(cs_log_run *r, char *err, size_t es)
{
    (void)r;
    snprintf(err, es, "RFC 6962 logs are not read yet");
    return false;
}
