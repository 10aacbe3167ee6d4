/* Storage for the test/bench hooks (see hooks.h). */
#include "pipeline/hooks.h"

static cs_scan_hooks g_hooks;
static bool g_hooks_set;

void cs_scan_set_hooks(const cs_scan_hooks *h)
{
    g_hooks_set = h != NULL;
    g_hooks = h ? *h : (cs_scan_hooks){ 0 };
}

const cs_scan_hooks *cs_scan_get_hooks(void)
{
    return g_hooks_set ? &g_hooks : NULL;
}
