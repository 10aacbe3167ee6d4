/* Planning a shard and reading only its units (see plan.h). */
#include "shard/plan.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agg/identity.h"
#include "agg/tally_data.h"

typedef struct plan_input {
    const char *path;
    uint32_t *owner;        /* shard (0-based) of each unit, in unit order */
    uint64_t *size;         /* while planning: each unit's bytes */
    uint64_t n_units, cap;
    uint64_t whole_size;    /* a regular file's size: the bytes of a whole-stream unit */
    EVP_MD_CTX *md;         /* the units as planned, then as seen while scanning */
    cs_tally_shard_plan plan;
    uint64_t next;          /* while scanning: units asked so far */
    bool oom;
} plan_input;

struct cs_shard_plan {
    uint32_t k, n;          /* k is 1-based */
    size_t n_inputs;
    plan_input *in;
    uint64_t *shard_bytes, *shard_units;
};

bool cs_shard_parse(const char *text, uint32_t *k, uint32_t *n, char *err, size_t err_size)
{
    unsigned long kk, nn;
    char *end;
    const char *slash = strchr(text, '/');
    bool ok = slash && text[0] >= '0' && text[0] <= '9' && slash[1] >= '0' && slash[1] <= '9';
    if (ok) {
        errno = 0;
        kk = strtoul(text, &end, 10);
        ok = end == slash && !errno;
        nn = ok ? strtoul(slash + 1, &end, 10) : 0;
        ok = ok && *end == '\0' && !errno;
    }
    if (!ok) {
        snprintf(err, err_size, "--shard wants K/N (shard K of N, e.g. 3/8), not '%s'", text);
        return false;
    }
    if (nn < 1 || nn > CS_SHARD_MAX || kk < 1 || kk > nn) {
        snprintf(err, err_size, "--shard %s: K must be 1 to N and N 1 to %u", text, CS_SHARD_MAX);
        return false;
    }
    *k = (uint32_t)kk;
    *n = (uint32_t)nn;
    return true;
}

/* What identifies a unit: its name, size and modification time. */
static void hash_unit(plan_input *in, const cs_ingest_unit *u)
{
    uint8_t b[20];
    uint32_t len = (uint32_t)strlen(u->member);
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(len >> (8 * i));
    for (int i = 0; i < 8; i++) {
        b[4 + i] = (uint8_t)(u->size >> (8 * i));
        b[12 + i] = (uint8_t)((uint64_t)u->mtime >> (8 * i));
    }
    if (!EVP_DigestUpdate(in->md, b, 4) || !EVP_DigestUpdate(in->md, u->member, len) ||
        !EVP_DigestUpdate(in->md, b + 4, 16))
        in->oom = true;
}

/* The plan's digest: the input file's own size and time (a directory's
 * are its units'), then its units. */
static void finish_digest(plan_input *in, uint8_t units[32], uint8_t out[32])
{
    uint8_t id[16] = { 0 };
    struct stat st;
    if (stat(in->path, &st) == 0 && S_ISREG(st.st_mode))
        for (int i = 0; i < 8; i++) {
            id[i] = (uint8_t)((uint64_t)st.st_size >> (8 * i));
            id[8 + i] = (uint8_t)((uint64_t)st.st_mtime >> (8 * i));
        }
    if (!EVP_DigestFinal_ex(in->md, units, NULL) || !EVP_DigestInit_ex(in->md, EVP_sha256(), NULL) ||
        !EVP_DigestUpdate(in->md, id, sizeof id) || !EVP_DigestUpdate(in->md, units, 32) ||
        !EVP_DigestFinal_ex(in->md, out, NULL) || !EVP_DigestInit_ex(in->md, EVP_sha256(), NULL))
        in->oom = true;
}

static uint64_t unit_bytes(const plan_input *in, const cs_ingest_unit *u)
{
    return u->member[0] || u->size ? u->size : in->whole_size;
}

/* Planning: every unit is listed, none is read. */
static bool list_unit(void *ctx, uint32_t input, const cs_ingest_unit *u)
{
    plan_input *in = &((cs_shard_plan *)ctx)->in[input];
    if (in->n_units == in->cap) {
        uint64_t cap = in->cap ? 2 * in->cap : 64;
        uint64_t *v = realloc(in->size, cap * sizeof *v);
        if (!v) {
            in->oom = true;
            return false;
        }
        in->size = v;
        in->cap = cap;
    }
    in->size[in->n_units++] = unit_bytes(in, u);
    in->plan.bytes += unit_bytes(in, u);
    hash_unit(in, u);
    return false;
}

/* Scanning: this shard's units are read; every unit is checked in. */
static bool own_unit(void *ctx, uint32_t input, const cs_ingest_unit *u)
{
    cs_shard_plan *p = ctx;
    plan_input *in = &p->in[input];
    hash_unit(in, u);
    in->plan.seen_units++;
    in->plan.seen_bytes += unit_bytes(in, u);
    uint64_t i = in->next++;
    return i < in->n_units && in->owner[i] == p->k - 1;
}

/* Error records met while planning are the scan's business. */
static bool drop_batch(void *ctx, cs_batch *b)
{
    (void)ctx;
    cs_batch_free(b);
    return true;
}

typedef struct unit_ref {
    uint64_t size;
    size_t input;
    uint64_t unit;
} unit_ref;

static int by_size_desc(const void *a, const void *b)
{
    const unit_ref *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    if (x->input != y->input)
        return x->input < y->input ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Min-heap of shards by (bytes, shard). */
static bool lighter(const cs_shard_plan *p, uint32_t a, uint32_t b)
{
    return p->shard_bytes[a] != p->shard_bytes[b] ? p->shard_bytes[a] < p->shard_bytes[b] : a < b;
}

static void sift_down(const cs_shard_plan *p, uint32_t *heap, uint32_t n, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && lighter(p, heap[l], heap[m]))
            m = l;
        if (r < n && lighter(p, heap[r], heap[m]))
            m = r;
        if (m == i)
            return;
        uint32_t t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

/* Largest unit first, to the lightest shard. */
static bool deal(cs_shard_plan *p)
{
    uint64_t total = 0;
    for (size_t i = 0; i < p->n_inputs; i++)
        total += p->in[i].n_units;
    unit_ref *v = malloc((total ? total : 1) * sizeof *v);
    uint32_t *heap = malloc(p->n * sizeof *heap);
    bool ok = v && heap;
    for (size_t i = 0; ok && i < p->n_inputs; i++) {
        plan_input *in = &p->in[i];
        in->owner = malloc((in->n_units ? in->n_units : 1) * sizeof *in->owner);
        ok = in->owner != NULL;
    }
    if (ok) {
        size_t at = 0;
        for (size_t i = 0; i < p->n_inputs; i++)
            for (uint64_t u = 0; u < p->in[i].n_units; u++)
                v[at++] = (unit_ref){ p->in[i].size[u], i, u };
        qsort(v, total, sizeof *v, by_size_desc);
        for (uint32_t s = 0; s < p->n; s++)
            heap[s] = s; /* all zero: already a heap */
        for (uint64_t j = 0; j < total; j++) {
            uint32_t s = heap[0];
            plan_input *in = &p->in[v[j].input];
            in->owner[v[j].unit] = s;
            p->shard_bytes[s] += v[j].size;
            p->shard_units[s]++;
            if (s == p->k - 1) {
                in->plan.own_units++;
                in->plan.own_bytes += v[j].size;
            }
            sift_down(p, heap, p->n, 0);
        }
    }
    free(v);
    free(heap);
    return ok;
}

cs_shard_plan *cs_shard_plan_new(const char *const *inputs, size_t n_inputs, const cs_ingest_options *ingest,
                                 uint32_t k, uint32_t n, char *err, size_t err_size)
{
    cs_shard_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->in = calloc(n_inputs ? n_inputs : 1, sizeof *p->in)) ||
        !(p->shard_bytes = calloc(n, sizeof *p->shard_bytes)) || !(p->shard_units = calloc(n, sizeof *p->shard_units)))
        goto oom;
    p->k = k;
    p->n = n;
    p->n_inputs = n_inputs;
    cs_ingest_options opt = *ingest;
    opt.unit_filter = list_unit;
    opt.unit_ctx = p;
    opt.no_digest = true; /* headers only: what is skipped is seeked over */
    for (size_t i = 0; i < n_inputs; i++) {
        plan_input *in = &p->in[i];
        in->path = inputs[i];
        struct stat st;
        if (stat(in->path, &st) == 0 && S_ISREG(st.st_mode))
            in->whole_size = (uint64_t)st.st_size;
        if (!(in->md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(in->md, EVP_sha256(), NULL))
            goto oom;
        char ierr[512];
        (void)cs_ingest_run(in->path, (uint32_t)i, &opt, drop_batch, NULL, NULL, ierr, sizeof ierr);
        in->plan.units = in->n_units;
        uint8_t units[32];
        finish_digest(in, units, in->plan.planned);
        if (in->oom)
            goto oom;
    }
    if (!deal(p))
        goto oom;
    for (size_t i = 0; i < n_inputs; i++) {
        free(p->in[i].size);
        p->in[i].size = NULL;
    }
    return p;
oom:
    snprintf(err, err_size, "out of memory planning shard %u of %u", k, n);
    cs_shard_plan_free(p);
    return NULL;
}

void cs_shard_plan_free(cs_shard_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->in && i < p->n_inputs; i++) {
        free(p->in[i].owner);
        free(p->in[i].size);
        EVP_MD_CTX_free(p->in[i].md);
    }
    free(p->in);
    free(p->shard_bytes);
    free(p->shard_units);
    free(p);
}

void cs_shard_plan_apply(cs_shard_plan *p, cs_ingest_options *ingest)
{
    ingest->unit_filter = own_unit;
    ingest->unit_ctx = p;
}

bool cs_shard_plan_stamp(cs_shard_plan *p, cs_tally *t)
{
    for (size_t i = 0; i < p->n_inputs; i++) {
        plan_input *in = &p->in[i];
        uint8_t units[32];
        finish_digest(in, units, in->plan.seen);
        if (in->oom || !cs_tally_set_input_shard(t, (uint32_t)i, p->k, p->n, &in->plan))
            return false;
    }
    return true;
}

uint64_t cs_shard_plan_bytes(const cs_shard_plan *p, uint32_t k)
{
    return k >= 1 && k <= p->n ? p->shard_bytes[k - 1] : 0;
}

uint64_t cs_shard_plan_units(const cs_shard_plan *p, uint32_t k)
{
    return k >= 1 && k <= p->n ? p->shard_units[k - 1] : 0;
}
