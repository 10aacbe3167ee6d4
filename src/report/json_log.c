/* summary.json: CT log inputs (json_log.h). */
#include "report/json_log.h"

void cs_report_json_log(cs_out *o, const cs_tally_log *l)
{
    cs_out_printf(o, ", \"log\": {\"tree_size\": %llu, \"root\": \"", (unsigned long long)l->tree_size);
    cs_out_hex(o, l->root, sizeof l->root);
    cs_out_printf(o,
                  "\", \"next_entry\": %llu, \"entries_read\": %llu, \"requests\": %llu, \"retries\": %llu, "
                  "\"bytes\": %llu, \"seconds\": %.3f, \"entries_per_second\": %.1f",
                  (unsigned long long)l->next, (unsigned long long)l->entries, (unsigned long long)l->requests,
                  (unsigned long long)l->retries, (unsigned long long)l->bytes, l->seconds,
                  l->seconds > 0 ? (double)l->entries / l->seconds : 0.0);
    /* Only known for a log this process read (a state file does not keep it). */
    if (l->http_version % 10)
        cs_out_printf(o, ", \"http_version\": \"%u.%u\"", l->http_version / 10, l->http_version % 10);
    else if (l->http_version)
        cs_out_printf(o, ", \"http_version\": \"%u\"", l->http_version / 10);
    if (l->http_version)
        cs_out_printf(o, ", \"connections\": %llu", (unsigned long long)l->connections);
    cs_out_puts(o, "}");
}
