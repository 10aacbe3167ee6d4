/* Batch GCD over product and remainder trees (see batchgcd.h).
 *
 * Every tree level is a sequence of numbers written once, in order, and
 * read back in order (twice for product levels: to build the level above,
 * then on the way down), so a level is either an array of mpz_t (memory)
 * or an unlinked temporary file of mpz_out_raw records (spill).  The
 * leaves are never stored: they are imported from the caller's bytes each
 * time they are read. */
#include "keys/batchgcd.h"

#include <errno.h>
#include <stdio.h> /* before gmp.h: declares its FILE functions only after it */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Peak memory of a spilled group, in units of the bytes of its moduli,
 * measured (bench/keys/RESULTS.md: GMP's allocations counted): about 25,
 * most of it GMP's scratch for reducing the 3x product of the
 * cross-group step modulo the 2x root squared (17x alone); 28 leaves a
 * margin. */
#define SPILL_FACTOR 28
/* An in-memory tree: its levels (each about the moduli's bytes), two
 * remainder levels (each about twice that) and GMP's division scratch
 * (measured: levels + 8.3). */
#define MEMORY_EXTRA_LEVELS 10
#define NODE_OVERHEAD 64 /* an mpz_t and its allocation header */
#define MAX_LEVELS 64

typedef struct entry {
    cs_span v;     /* the modulus without leading zero octets */
    size_t index;  /* in the caller's array */
} entry;

typedef struct found {
    size_t d;      /* distinct modulus */
    uint8_t *f;    /* factor, big-endian */
    size_t len;
    bool whole;    /* the factor is the modulus: split by the fallback */
} found;

typedef enum seq_kind { SEQ_LEAVES, SEQ_MEMORY, SEQ_FILE } seq_kind;

/* One tree level, read and written in order. */
typedef struct seq {
    seq_kind kind;
    size_t n;       /* numbers written */
    size_t rd;      /* next to read */
    const entry *const *leaves; /* SEQ_LEAVES: the group's first modulus */
    mpz_t *v;       /* SEQ_MEMORY */
    size_t cap;
    FILE *f;        /* SEQ_FILE */
} seq;

typedef struct ctx {
    const cs_bgcd_options *opt;
    const char *tmpdir;
    bool spill;
    int err;                /* errno of the first failure */
    entry *ent;             /* sorted by value */
    size_t *first;          /* distinct d: ent[first[d] .. first[d+1]) */
    size_t nd;
    found *found;
    size_t n_found, cap_found;
} ctx;

static void fail(ctx *c, int e)
{
    if (!c->err)
        c->err = e ? e : EIO;
}

static const entry *distinct_entry(const ctx *c, size_t d)
{
    return &c->ent[c->first[d]];
}

static void import_span(mpz_ptr z, cs_span s)
{
    mpz_import(z, s.len, 1, 1, 1, 0, s.p);
}

/* Gives back a scratch number's space: GMP keeps the largest size a
 * variable ever held, and the top of a tree is much larger than the rest. */
static void shrink(mpz_ptr z)
{
    mpz_realloc2(z, 64);
}

/* ---- level sequences ------------------------------------------------- */

static FILE *spill_file(ctx *c)
{
    size_t len = strlen(c->tmpdir) + sizeof "/certsweep-bgcd-XXXXXX";
    char *path = malloc(len);
    if (!path) {
        fail(c, ENOMEM);
        return NULL;
    }
    snprintf(path, len, "%s/certsweep-bgcd-XXXXXX", c->tmpdir);
    int fd = mkstemp(path);
    if (fd < 0) {
        fail(c, errno);
        free(path);
        return NULL;
    }
    unlink(path); /* gone from the directory: nothing left behind on a crash */
    free(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f) {
        fail(c, errno);
        close(fd);
    }
    return f;
}

static bool seq_open(ctx *c, seq *s)
{
    memset(s, 0, sizeof *s);
    s->kind = c->spill ? SEQ_FILE : SEQ_MEMORY;
    if (s->kind == SEQ_FILE && !(s->f = spill_file(c)))
        return false;
    return true;
}

static void seq_close(seq *s)
{
    if (s->kind == SEQ_MEMORY) {
        for (size_t i = 0; i < s->n; i++)
            mpz_clear(s->v[i]);
        free(s->v);
    } else if (s->kind == SEQ_FILE && s->f) {
        fclose(s->f);
    }
    memset(s, 0, sizeof *s);
}

/* Appends x (whose value is taken: x is left holding anything). */
static bool seq_put(ctx *c, seq *s, mpz_ptr x)
{
    if (s->kind == SEQ_MEMORY) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 16;
            mpz_t *v = realloc(s->v, cap * sizeof *v);
            if (!v) {
                fail(c, ENOMEM);
                return false;
            }
            s->v = v;
            s->cap = cap;
        }
        mpz_init(s->v[s->n]);
        mpz_swap(s->v[s->n], x);
    } else if (mpz_out_raw(s->f, x) == 0) {
        fail(c, errno);
        return false;
    }
    s->n++;
    return true;
}

static bool seq_rewind(ctx *c, seq *s)
{
    s->rd = 0;
    if (s->kind == SEQ_FILE && (fflush(s->f) != 0 || fseeko(s->f, 0, SEEK_SET) != 0)) {
        fail(c, errno);
        return false;
    }
    return true;
}

/* The next number: the stored one (memory) or `scratch` filled in;
 * NULL on a read error or past the end. */
static mpz_srcptr seq_get(ctx *c, seq *s, mpz_ptr scratch)
{
    if (s->rd >= s->n) {
        fail(c, EIO);
        return NULL;
    }
    size_t i = s->rd++;
    switch (s->kind) {
    case SEQ_LEAVES:
        import_span(scratch, s->leaves[i]->v);
        return scratch;
    case SEQ_MEMORY:
        return s->v[i];
    case SEQ_FILE:
        if (mpz_inp_raw(scratch, s->f) == 0) {
            fail(c, ferror(s->f) ? errno : EIO);
            return NULL;
        }
        return scratch;
    }
    return NULL;
}

/* ---- trees ----------------------------------------------------------- */

typedef struct tree {
    seq level[MAX_LEVELS]; /* level[0]: the leaves */
    int top;
    const entry **leaf;    /* the group's moduli, one per distinct value */
} tree;

static void tree_free(tree *t)
{
    for (int i = 1; i <= t->top; i++)
        seq_close(&t->level[i]);
    free(t->leaf);
    memset(t, 0, sizeof *t);
}

/* Builds the product tree of the distinct moduli [lo, hi); every level is
 * left rewound. */
static bool tree_build(ctx *c, size_t lo, size_t hi, tree *t)
{
    memset(t, 0, sizeof *t);
    t->leaf = malloc((hi - lo) * sizeof *t->leaf);
    if (!t->leaf) {
        fail(c, ENOMEM);
        return false;
    }
    for (size_t d = lo; d < hi; d++)
        t->leaf[d - lo] = distinct_entry(c, d);
    t->level[0].kind = SEQ_LEAVES;
    t->level[0].leaves = t->leaf;
    t->level[0].n = hi - lo;

    mpz_t a, b, p;
    mpz_inits(a, b, p, NULL);
    bool ok = true;
    while (ok && t->level[t->top].n > 1) {
        seq *below = &t->level[t->top], *above = &t->level[t->top + 1];
        if (!seq_open(c, above)) {
            ok = false;
            break;
        }
        t->top++;
        size_t m = below->n;
        for (size_t i = 0; ok && i + 1 < m; i += 2) {
            mpz_srcptr x = seq_get(c, below, a), y = x ? seq_get(c, below, b) : NULL;
            if (!y) {
                ok = false;
                break;
            }
            mpz_mul(p, x, y);
            ok = seq_put(c, above, p);
        }
        if (ok && m % 2) {
            mpz_srcptr x = seq_get(c, below, a);
            if (x) {
                mpz_set(p, x);
                ok = seq_put(c, above, p);
            } else {
                ok = false;
            }
        }
        ok = ok && seq_rewind(c, below) && seq_rewind(c, above);
    }
    mpz_clears(a, b, p, NULL);
    return ok;
}

/* The root (read from the rewound top level into `out`). */
static bool tree_root(ctx *c, tree *t, mpz_ptr out)
{
    mpz_t s;
    mpz_init(s);
    mpz_srcptr r = seq_get(c, &t->level[t->top], s);
    if (r)
        mpz_set(out, r);
    mpz_clear(s);
    return r && seq_rewind(c, &t->level[t->top]);
}

static bool add_found(ctx *c, size_t d, mpz_srcptr g, bool whole)
{
    if (c->n_found == c->cap_found) {
        size_t cap = c->cap_found ? 2 * c->cap_found : 16;
        found *f = realloc(c->found, cap * sizeof *f);
        if (!f) {
            fail(c, ENOMEM);
            return false;
        }
        c->found = f;
        c->cap_found = cap;
    }
    size_t len = (mpz_sizeinbase(g, 2) + 7) / 8;
    uint8_t *bytes = malloc(len ? len : 1);
    if (!bytes) {
        fail(c, ENOMEM);
        return false;
    }
    size_t count = 0;
    mpz_export(bytes, &count, 1, 1, 1, 0, g);
    c->found[c->n_found++] = (found){ d, bytes, count, whole };
    return true;
}

/* Leaf d with modulus n under the remainder r of its parent. */
static bool leaf_result(ctx *c, size_t d, mpz_srcptr n, mpz_srcptr r, mpz_ptr sq, mpz_ptr t)
{
    mpz_mul(sq, n, n);
    mpz_mod(t, r, sq);      /* P mod n^2 = n * ((P / n) mod n) */
    mpz_tdiv_q(t, t, n);
    mpz_gcd(t, t, n);
    if (mpz_cmp_ui(t, 1) == 0)
        return true;
    return add_found(c, d, t, mpz_cmp(t, n) == 0);
}

/* Descends the remainder tree of t from z (the product of every modulus
 * modulo the root squared) and records each leaf's gcd. */
static bool tree_descend(ctx *c, tree *t, size_t lo, mpz_ptr z)
{
    mpz_t s1, s2, sq, out;
    mpz_inits(s1, s2, sq, out, NULL);
    bool ok = true;
    if (t->top == 0) {
        mpz_srcptr n = seq_get(c, &t->level[0], s2);
        ok = n && leaf_result(c, lo, n, z, sq, out);
        mpz_clears(s1, s2, sq, out, NULL);
        return ok;
    }
    seq rem, next;
    ok = seq_open(c, &rem) && seq_put(c, &rem, z) && seq_rewind(c, &rem);
    shrink(z); /* spilled: its value is in the file now */
    for (int lvl = t->top - 1; ok && lvl >= 0; lvl--) {
        seq *child = &t->level[lvl];
        memset(&next, 0, sizeof next);
        if (lvl > 0 && !seq_open(c, &next)) {
            ok = false;
            break;
        }
        size_t done = 0;
        while (ok && done < child->n) {
            mpz_srcptr r = seq_get(c, &rem, s1);
            for (int k = 0; ok && k < 2 && done < child->n; k++, done++) {
                mpz_srcptr n = seq_get(c, child, s2);
                if (!r || !n) {
                    ok = false;
                } else if (lvl == 0) {
                    ok = leaf_result(c, lo + done, n, r, sq, out);
                } else {
                    mpz_mul(sq, n, n);
                    mpz_mod(out, r, sq);
                    ok = seq_put(c, &next, out);
                }
            }
        }
        seq_close(&rem);
        rem = next;
        ok = ok && (lvl == 0 || seq_rewind(c, &rem));
        shrink(s1);
        shrink(s2);
        shrink(sq);
        shrink(out);
    }
    seq_close(&rem);
    mpz_clears(s1, s2, sq, out, NULL);
    return ok;
}

/* ---- groups ---------------------------------------------------------- */

static size_t distinct_bytes(const ctx *c, size_t d)
{
    return distinct_entry(c, d)->v.len;
}

/* Whether the whole set fits in memory as one tree (see batchgcd.h). */
static bool fits_in_memory(const ctx *c, size_t limit)
{
    size_t bytes = 0, levels = 0;
    for (size_t d = 0; d < c->nd; d++)
        bytes += distinct_bytes(c, d);
    for (size_t m = c->nd; m > 1; m = (m + 1) / 2)
        levels++;
    double need = (double)bytes * (double)(levels + MEMORY_EXTRA_LEVELS) + (double)NODE_OVERHEAD * 2.0 * (double)c->nd;
    return need <= (double)limit;
}

/* Splits [0, nd) into groups of at most cap bytes (at least one modulus
 * each): bounds[0..k] with group g = [bounds[g], bounds[g+1]). */
static size_t *split_groups(ctx *c, size_t cap, size_t *k)
{
    size_t *b = malloc((c->nd + 1) * sizeof *b);
    if (!b) {
        fail(c, ENOMEM);
        return NULL;
    }
    size_t n = 0, acc = 0;
    b[n++] = 0;
    for (size_t d = 0; d < c->nd; d++) {
        size_t len = distinct_bytes(c, d);
        if (acc > 0 && acc + len > cap) {
            b[n++] = d;
            acc = 0;
        }
        acc += len;
    }
    b[n] = c->nd;
    *k = n;
    return b;
}

static bool run_groups(ctx *c, const size_t *bounds, size_t k)
{
    mpz_t z, root, sq, s;
    mpz_inits(z, root, sq, s, NULL);
    tree t;
    bool ok = true;
    seq roots = { 0 };
    if (k > 1) { /* every group's root, for the cross-group products */
        ok = seq_open(c, &roots);
        for (size_t g = 0; ok && g < k; g++) {
            ok = tree_build(c, bounds[g], bounds[g + 1], &t) && tree_root(c, &t, root) && seq_put(c, &roots, root);
            tree_free(&t);
        }
    }
    for (size_t g = 0; ok && g < k; g++) {
        ok = tree_build(c, bounds[g], bounds[g + 1], &t) && tree_root(c, &t, root);
        if (ok && k > 1) { /* z = (product of all roots) mod root^2 */
            mpz_mul(sq, root, root);
            mpz_set_ui(z, 1);
            ok = seq_rewind(c, &roots);
            for (size_t h = 0; ok && h < k; h++) {
                mpz_srcptr r = seq_get(c, &roots, s);
                if (!r) {
                    ok = false;
                    break;
                }
                mpz_mul(z, z, r);
                mpz_mod(z, z, sq);
            }
        } else {
            mpz_swap(z, root);
        }
        shrink(root);
        shrink(sq);
        shrink(s);
        ok = ok && tree_descend(c, &t, bounds[g], z);
        tree_free(&t);
    }
    seq_close(&roots);
    mpz_clears(z, root, sq, s, NULL);
    return ok;
}

/* ---- the fallback: moduli whose every factor is shared ---------------- */

static bool split_whole(ctx *c, uint64_t budget, cs_bgcd_result *out)
{
    size_t n_first = c->n_found;
    mpz_t n, m, g, q;
    mpz_inits(n, m, g, q, NULL);
    bool ok = true;
    for (size_t i = 0; ok && i < n_first; i++) {
        if (!c->found[i].whole)
            continue;
        size_t d = c->found[i].d;
        import_span(n, distinct_entry(c, d)->v);
        bool split = false;
        for (size_t j = 0; j < n_first && !split && out->pairwise < budget; j++) {
            if (j == i)
                continue;
            import_span(m, distinct_entry(c, c->found[j].d)->v);
            mpz_gcd(g, n, m);
            out->pairwise++;
            if (mpz_cmp_ui(g, 1) > 0 && mpz_cmp(g, n) < 0) {
                mpz_divexact(q, n, g);
                ok = add_found(c, d, g, false) && (mpz_cmp(q, g) == 0 || add_found(c, d, q, false));
                split = true;
            }
        }
        if (split) {
            free(c->found[i].f);
            c->found[i].f = NULL; /* replaced by the two factors */
        } else {
            out->unsplit++;
        }
    }
    mpz_clears(n, m, g, q, NULL);
    return ok;
}

/* ---- sorting and results --------------------------------------------- */

static int cmp_value(cs_span a, cs_span b)
{
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    return a.len ? memcmp(a.p, b.p, a.len) : 0;
}

static int cmp_entry(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    int r = cmp_value(a->v, b->v);
    if (r)
        return r;
    return (a->index > b->index) - (a->index < b->index);
}

static int cmp_hit(const void *x, const void *y)
{
    const cs_bgcd_hit *a = x, *b = y;
    if (a->index != b->index)
        return a->index < b->index ? -1 : 1;
    return cmp_value(cs_span_make(a->factor, a->factor_len), cs_span_make(b->factor, b->factor_len));
}

static bool emit_hits(ctx *c, cs_bgcd_result *out)
{
    size_t total = 0;
    for (size_t i = 0; i < c->n_found; i++)
        if (c->found[i].f)
            total += c->first[c->found[i].d + 1] - c->first[c->found[i].d];
    if (total == 0)
        return true;
    out->hits = calloc(total, sizeof *out->hits);
    if (!out->hits) {
        fail(c, ENOMEM);
        return false;
    }
    for (size_t i = 0; i < c->n_found; i++) {
        const found *f = &c->found[i];
        if (!f->f)
            continue;
        for (size_t e = c->first[f->d]; e < c->first[f->d + 1]; e++) {
            cs_bgcd_hit *h = &out->hits[out->n_hits];
            h->factor = malloc(f->len ? f->len : 1);
            if (!h->factor) {
                fail(c, ENOMEM);
                return false;
            }
            memcpy(h->factor, f->f, f->len);
            h->factor_len = f->len;
            h->index = c->ent[e].index;
            out->n_hits++;
        }
    }
    qsort(out->hits, out->n_hits, sizeof *out->hits, cmp_hit);
    return true;
}

void cs_bgcd_result_free(cs_bgcd_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_hits; i++)
        free(r->hits[i].factor);
    free(r->hits);
    memset(r, 0, sizeof *r);
}

int cs_batchgcd(const cs_span *moduli, size_t n, const cs_bgcd_options *opt, cs_bgcd_result *out)
{
    static const cs_bgcd_options defaults = { 0 };
    memset(out, 0, sizeof *out);
    if (!opt)
        opt = &defaults;
    ctx c = { .opt = opt };
    size_t limit = opt->memory_limit ? opt->memory_limit : CS_BGCD_DEFAULT_MEMORY;
    uint64_t budget = opt->max_pairwise ? opt->max_pairwise : CS_BGCD_DEFAULT_PAIRWISE;
    c.tmpdir = opt->tmpdir ? opt->tmpdir : getenv("TMPDIR");
    if (!c.tmpdir || !*c.tmpdir)
        c.tmpdir = "/tmp";

    size_t *bounds = NULL, k = 0;
    c.ent = malloc((n ? n : 1) * sizeof *c.ent);
    c.first = malloc((n + 1) * sizeof *c.first);
    if (!c.ent || !c.first) {
        fail(&c, ENOMEM);
        goto done;
    }
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        cs_span v = cs_span_skip_zeros(moduli[i]);
        if (v.len == 0 || (v.len == 1 && v.p[0] == 1)) {
            out->skipped++;
            continue;
        }
        c.ent[ne++] = (entry){ v, i };
    }
    qsort(c.ent, ne, sizeof *c.ent, cmp_entry);
    for (size_t e = 0; e < ne; e++)
        if (e == 0 || cmp_value(c.ent[e].v, c.ent[e - 1].v) != 0)
            c.first[c.nd++] = e;
    c.first[c.nd] = ne;
    out->distinct = c.nd;
    if (c.nd < 2)
        goto done; /* nothing to share a factor with */

    if (fits_in_memory(&c, limit)) {
        k = 1;
        bounds = malloc(2 * sizeof *bounds);
        if (!bounds) {
            fail(&c, ENOMEM);
            goto done;
        }
        bounds[0] = 0;
        bounds[1] = c.nd;
    } else {
        c.spill = true;
        size_t cap = limit / SPILL_FACTOR;
        if (!(bounds = split_groups(&c, cap ? cap : 1, &k)))
            goto done;
    }
    out->groups = k;
    out->spilled = c.spill;
    if (run_groups(&c, bounds, k) && split_whole(&c, budget, out))
        emit_hits(&c, out);

done:
    for (size_t i = 0; i < c.n_found; i++)
        free(c.found[i].f);
    free(c.found);
    free(c.ent);
    free(c.first);
    free(bounds);
    if (c.err) {
        cs_bgcd_result_free(out);
        errno = c.err;
        return -1;
    }
    return 0;
}
