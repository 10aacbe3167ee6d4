/* Encoding-fault names and the bounded fault list. */
#include "der/fault.h"

static const char *const names[] = {
#define CS_FAULT_NAME(name, desc) #name,
    CS_FAULT_LIST(CS_FAULT_NAME)
#undef CS_FAULT_NAME
};

static const char *const descriptions[] = {
#define CS_FAULT_DESC(name, desc) desc,
    CS_FAULT_LIST(CS_FAULT_DESC)
#undef CS_FAULT_DESC
};

const char *cs_fault_name(cs_fault_kind k)
{
    return (unsigned)k < CS_FAULT_KIND_COUNT ? names[k] : "UNKNOWN_FAULT";
}

const char *cs_fault_description(cs_fault_kind k)
{
    return (unsigned)k < CS_FAULT_KIND_COUNT ? descriptions[k] : "unknown fault";
}

void cs_faults_add(cs_faults *f, cs_fault_kind kind, uint32_t offset)
{
    if (!f)
        return;
    /* The same fault at the same place is one fault (e.g. a reader
     * revisiting an element to peek). */
    for (unsigned i = 0; i < f->n; i++)
        if (f->items[i].kind == kind && f->items[i].offset == offset)
            return;
    if (f->n >= CS_MAX_FAULTS) {
        f->overflow = true;
        return;
    }
    f->items[f->n].kind = (uint16_t)kind;
    f->items[f->n].offset = offset;
    f->n++;
}

bool cs_faults_has(const cs_faults *f, cs_fault_kind kind)
{
    for (unsigned i = 0; i < f->n; i++)
        if (f->items[i].kind == kind)
            return true;
    return false;
}
