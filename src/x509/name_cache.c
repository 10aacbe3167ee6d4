/* The issuer's Name through a per-thread cache keyed by the Name's octets.
 *
 * A dump's certificates come from a few thousand issuers, and the issuer
 * Name of each is one of theirs, byte for byte (in the real corpus three
 * certificates in four share their issuer's Name with an earlier one; in
 * a CT log nearly all do).  A Name's parse depends only on its octets:
 * the attributes (spans into them), the RDN count and the faults at
 * offsets from its first octet.  So what one parse gave is kept and given
 * again, with the spans moved onto the new certificate's octets and the
 * faults recorded again at the new offsets, in the same order, through
 * cs_faults_add like the parse would (its "same fault twice" and overflow
 * rules then act as they would have).
 *
 * A Name is kept only when it parsed, fits an entry and its faults were
 * all recorded (the list had not overflowed).  The cache is a fixed
 * array of the thread's (thread-local, touched only by threads that
 * parse): no lock, nothing freed. */
#include "x509/parse_internal.h"

#define NAME_SLOTS 256       /* direct-mapped by hash */
#define NAME_MAX_OCTETS 240  /* longer Names are parsed every time */
#define NAME_MAX_ATTRS 16
#define NAME_MAX_FAULTS 4

typedef struct name_entry {
    uint16_t len;            /* 0: empty slot */
    uint16_t n_rdns;
    uint8_t n_attrs, n_faults;
    cs_attr attrs[NAME_MAX_ATTRS];    /* spans into octets */
    cs_fault faults[NAME_MAX_FAULTS]; /* offsets from the Name's first octet */
    uint8_t octets[NAME_MAX_OCTETS];
} name_entry;

static _Thread_local name_entry slots[NAME_SLOTS];

/* The Name the reader is at, whole, when its header takes the short
 * forms a cached Name can have (no fault, nothing read). */
static bool next_name(const cs_der_reader *r, cs_span *whole)
{
    const uint8_t *p = r->p;
    if (r->error || r->end - p < 2 || p[0] != 0x30)
        return false;
    size_t left = (size_t)(r->end - p), len = p[1], header = 2;
    if (len == 0x81 && left >= 3 && p[2] >= 0x80) {
        len = p[2];
        header = 3;
    } else if (len >= 0x80) {
        return false;
    }
    if (header + len > left || header + len > NAME_MAX_OCTETS)
        return false;
    *whole = cs_span_make(p, header + len);
    return true;
}

static inline uint64_t load8(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* The slot of a Name: its length and three of its words (the start, the
 * middle, the end, where Names of two issuers differ), not every octet;
 * the octets are compared in full on a hit.  Names are at least 2 octets;
 * shorter than 8 they are read octet by octet. */
static name_entry *slot_of(cs_span w)
{
    uint64_t h = (uint64_t)w.len * 0x9E3779B97F4A7C15ull;
    if (w.len >= 8) {
        h ^= load8(w.p);
        h = (h ^ load8(w.p + w.len / 2 - 4)) * 0xFF51AFD7ED558CCDull;
        h ^= load8(w.p + w.len - 8);
    } else {
        for (size_t i = 0; i < w.len; i++)
            h = (h ^ w.p[i]) * 0x100000001B3ull;
    }
    h *= 0xC4CEB9FE1A85EC53ull;
    return &slots[h >> (64 - 8)];
}

_Static_assert(NAME_SLOTS == 1u << 8, "slot_of takes the top 8 bits");

/* Moves a span from one copy of a Name's octets to another. */
static inline cs_span moved(cs_span s, const uint8_t *from, const uint8_t *to)
{
    return cs_span_make(s.p ? to + (s.p - from) : NULL, s.len);
}

static void give(const name_entry *e, cs_der_reader *r, cs_name *n)
{
    const uint8_t *at = r->p;
    n->der = cs_span_make(at, e->len);
    n->n_rdns = e->n_rdns;
    n->n_attrs = e->n_attrs;
    for (unsigned i = 0; i < e->n_attrs; i++) {
        cs_attr *a = &n->attrs[i];
        *a = e->attrs[i];
        a->oid = moved(a->oid, e->octets, at);
        a->value = moved(a->value, e->octets, at);
    }
    uint32_t base = cs_der_offset(r, at);
    for (unsigned i = 0; i < e->n_faults; i++)
        cs_faults_add(r->faults, (cs_fault_kind)e->faults[i].kind, base + e->faults[i].offset);
    r->p = at + e->len;
}

/* Keeps what cs_x509_parse_name gave for the Name at `at` (first_fault:
 * the index of the first fault it recorded in r's list). */
static void keep(name_entry *e, const cs_der_reader *r, const uint8_t *at, const cs_name *n,
                 unsigned first_fault)
{
    const cs_faults *f = r->faults;
    unsigned n_faults = f->n - first_fault;
    if (n->n_attrs > NAME_MAX_ATTRS || n_faults > NAME_MAX_FAULTS || f->overflow ||
        n->der.p != at || n->der.len > NAME_MAX_OCTETS) {
        return;
    }
    e->len = 0; /* the slot is rewritten: empty until whole */
    memcpy(e->octets, at, n->der.len);
    e->n_rdns = n->n_rdns;
    e->n_attrs = (uint8_t)n->n_attrs;
    for (unsigned i = 0; i < n->n_attrs; i++) {
        e->attrs[i] = n->attrs[i];
        e->attrs[i].oid = moved(n->attrs[i].oid, at, e->octets);
        e->attrs[i].value = moved(n->attrs[i].value, at, e->octets);
    }
    uint32_t base = cs_der_offset(r, at);
    e->n_faults = (uint8_t)n_faults;
    for (unsigned i = 0; i < n_faults; i++) {
        e->faults[i] = f->items[first_fault + i];
        e->faults[i].offset -= base;
    }
    e->len = (uint16_t)n->der.len;
}

bool cs_x509_parse_issuer_name(cs_px *px, cs_der_reader *r, cs_name *n)
{
    cs_span whole;
    if (!cs_x509_shortcuts || !next_name(r, &whole))
        return cs_x509_parse_name(px, r, n);
    name_entry *e = slot_of(whole);
    if (e->len == whole.len && memcmp(e->octets, whole.p, whole.len) == 0) {
        give(e, r, n);
        return true;
    }
    const cs_faults *f = r->faults;
    /* Without a list, or with it already overflowed, which faults a parse
     * records cannot be seen: such a Name is not kept. */
    bool seen = f && !f->overflow;
    unsigned first_fault = f ? f->n : 0;
    if (!cs_x509_parse_name(px, r, n))
        return false;
    if (seen)
        keep(e, r, whole.p, n, first_fault);
    return true;
}
