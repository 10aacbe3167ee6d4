/* The charts of index.html as inline SVG (see html_charts.h).
 *
 * Bar labels are cut in the middle, where names that share a long prefix
 * ("Certificate Transparency CA 1" / "... CA 2") still differ at the end;
 * two bars whose labels are still equal get the issuer id's first hex
 * digits.  The full name is in each bar's <title> (shown on hover). */
#include <stdlib.h>
#include <string.h>

#include "agg/text.h"
#include "report/html_charts.h"

#define U(x) ((unsigned long long)(x))
#define TOP_N 15
#define LABEL_CHARS 36    /* characters a bar label shows */
#define KEY_SUFFIX_CHARS 6 /* " #" and 4 hex digits of the issuer id */
#define COLOR_BAR "#8fa7c6"
#define COLOR_ERROR "#c0392b"
#define COLOR_WARNING "#d68910"
#define COLOR_NOTICE "#2e86c1"

void cs_html_percent(char *out, size_t size, uint64_t a, uint64_t b)
{
    unsigned long long q = b ? (unsigned long long)(((unsigned __int128)a * 20000u + b) / ((unsigned __int128)b * 2u)) : 0;
    snprintf(out, size, "%llu.%02llu%%", q / 100, q % 100);
}

/* ---- labels ------------------------------------------------------------ */

static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* s in at most max_chars characters: its start and end around an ellipsis. */
static void cut_middle(const char *s, size_t max_chars, char *out, size_t size)
{
    size_t chars = count_chars(s);
    if (chars <= max_chars) {
        snprintf(out, size, "%s", s);
        return;
    }
    size_t head = (max_chars - 1) * 3 / 5, tail = max_chars - 1 - head;
    size_t head_bytes = cs_text_prefix_chars(s, head);
    const char *end = s + cs_text_prefix_chars(s, chars - tail);
    snprintf(out, size, "%.*s\xe2\x80\xa6%s", (int)head_bytes, s, end);
}

typedef struct bar {
    char label[LABEL_CHARS * 4 + 16]; /* display text (escaped when written) */
    char full[CS_TEXT_MAX * 2 + 8];   /* the uncut name the label comes from */
    char title[CS_TEXT_MAX * 3];      /* tooltip: the full name and more */
    const uint8_t *key;               /* issuer key (NULL for rules) */
    uint64_t v, part;                 /* bar length value, and a highlighted part of it */
    const char *color;
    char value[64];                   /* text after the bar */
} bar;

/* "O / CN", or whichever of them exists, or the DN. */
static void issuer_name(const cs_tally_issuer *is, char *out, size_t size)
{
    if (is->o[0] && is->cn[0])
        snprintf(out, size, "%s / %s", is->o, is->cn);
    else
        snprintf(out, size, "%s", is->cn[0] ? is->cn : is->o[0] ? is->o : is->dn);
}

/* Cuts every label; labels still equal to another get the issuer id. */
static void label_bars(bar *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cut_middle(b[i].full, LABEL_CHARS, b[i].label, sizeof b[i].label);
    bool same[TOP_N] = { false };
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(b[i].label, b[j].label) == 0)
                same[i] = same[j] = true;
    for (size_t i = 0; i < n; i++) {
        if (!same[i] || !b[i].key)
            continue;
        char cut[sizeof b[i].label - 12], id[8];
        cut_middle(b[i].full, LABEL_CHARS - KEY_SUFFIX_CHARS, cut, sizeof cut);
        cs_text_hex(b[i].key, 2, id, sizeof id);
        snprintf(b[i].label, sizeof b[i].label, "%s #%s", cut, id);
    }
}

/* ---- horizontal bar charts --------------------------------------------- */

static void hbars(cs_out *o, const char *caption, const char *legend, bar *b, size_t n)
{
    label_bars(b, n);
    uint64_t max = 1;
    for (size_t i = 0; i < n; i++)
        if (b[i].v > max)
            max = b[i].v;
    const unsigned W = 640, LW = 270, BW = 190, RH = 20;
    cs_out_printf(o, "<figure><figcaption>%s</figcaption>", caption);
    if (legend)
        cs_out_printf(o, "<div class=\"legend muted\">%s</div>", legend);
    if (n == 0) {
        cs_out_puts(o, "<p class=muted>Nothing to show.</p></figure>\n");
        return;
    }
    cs_out_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%zu\" viewBox=\"0 0 %u %zu\" role=\"img\">",
                  W, n * RH + 6, W, n * RH + 6);
    for (size_t i = 0; i < n; i++) {
        unsigned y = (unsigned)(i * RH + 3);
        unsigned w = (unsigned)((unsigned __int128)b[i].v * BW / max);
        unsigned pw = b[i].v ? (unsigned)((unsigned __int128)b[i].part * w / b[i].v) : 0;
        cs_out_puts(o, "<g><title>");
        cs_out_html(o, b[i].title, 0);
        cs_out_printf(o, "</title><text x=\"%u\" y=\"%u\" text-anchor=\"end\">", LW - 6, y + 12);
        cs_out_html(o, b[i].label, 0);
        cs_out_printf(o, "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"14\" fill=\"%s\"/>", LW, y, w ? w : 1,
                      b[i].color);
        if (pw)
            cs_out_printf(o, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"14\" fill=\"" COLOR_ERROR "\"/>", LW, y, pw);
        cs_out_printf(o, "<text x=\"%u\" y=\"%u\">", LW + w + 4, y + 12);
        cs_out_html(o, b[i].value, 0);
        cs_out_puts(o, "</text></g>");
    }
    cs_out_puts(o, "</svg></figure>\n");
}

/* An issuer bar: label from O / CN, tooltip with the DN and the ids. */
static void issuer_bar(bar *b, const cs_tally_issuer *is)
{
    char id[17];
    cs_model_issuer_id(is, id);
    issuer_name(is, b->full, sizeof b->full);
    snprintf(b->title, sizeof b->title, "%s\nissuer id %s%s%s", is->dn, id,
             is->aki[0] ? ", authority key id " : "", is->aki);
    b->key = is->key;
}

static void chart_volume(cs_out *o, const cs_model *m)
{
    bar b[TOP_N];
    size_t n = m->n_issuers < TOP_N ? m->n_issuers : TOP_N;
    for (size_t i = 0; i < n; i++) {
        const cs_tally_issuer *is = m->issuers[i];
        b[i] = (bar){ .v = is->certs, .part = is->with_error, .color = COLOR_BAR };
        issuer_bar(&b[i], is);
        snprintf(b[i].value, sizeof b[i].value, "%llu (%llu with error)", U(is->certs), U(is->with_error));
    }
    hbars(o, "Top issuers by volume",
          "bars: certificates, of which <b class=sev-error>with error</b>", b, n);
}

static int by_rate(const void *a, const void *b)
{
    const cs_tally_issuer *x = *(const cs_tally_issuer *const *)a, *y = *(const cs_tally_issuer *const *)b;
    unsigned __int128 l = (unsigned __int128)x->with_error * y->certs, r = (unsigned __int128)y->with_error * x->certs;
    if (l != r)
        return l > r ? -1 : 1;
    if (x->certs != y->certs)
        return x->certs > y->certs ? -1 : 1;
    return memcmp(x->key, y->key, 32);
}

static void chart_rate(cs_out *o, const cs_model *m)
{
    /* Tiny issuers at 100% would crowd out the informative ones: require
     * 10 certificates when enough issuers have that many. */
    size_t big = 0;
    for (size_t i = 0; i < m->n_issuers; i++)
        big += m->issuers[i]->certs >= 10 && m->issuers[i]->with_error > 0;
    uint64_t min = big >= 5 ? 10 : 1;
    cs_tally_issuer **v = malloc((m->n_issuers ? m->n_issuers : 1) * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; v && i < m->n_issuers; i++)
        if (m->issuers[i]->certs >= min && m->issuers[i]->with_error > 0)
            v[k++] = m->issuers[i];
    if (v)
        qsort(v, k, sizeof *v, by_rate);
    bar b[TOP_N];
    size_t n = k < TOP_N ? k : TOP_N;
    for (size_t i = 0; i < n; i++) {
        char p[32];
        cs_html_percent(p, sizeof p, v[i]->with_error, v[i]->certs);
        b[i] = (bar){ .v = (uint64_t)((unsigned __int128)v[i]->with_error * 1000000u / v[i]->certs),
                      .color = COLOR_ERROR };
        issuer_bar(&b[i], v[i]);
        snprintf(b[i].value, sizeof b[i].value, "%s of %llu", p, U(v[i]->certs));
    }
    char caption[128];
    snprintf(caption, sizeof caption, "Top issuers by error rate (issuers with at least %llu certificate%s)", U(min),
             min == 1 ? "" : "s");
    hbars(o, caption, NULL, b, n);
    free(v);
}

static int by_failed(const void *a, const void *b)
{
    const cs_rule_total *x = *(const cs_rule_total *const *)a, *y = *(const cs_rule_total *const *)b;
    if (x->failed != y->failed)
        return x->failed > y->failed ? -1 : 1;
    return x < y ? -1 : x > y; /* rule order (by id) for ties */
}

static void chart_rules(cs_out *o, const cs_model *m)
{
    const cs_tally *t = m->t;
    const cs_rule_total **v = malloc((t->n_rules ? t->n_rules : 1) * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; v && i < t->n_rules; i++)
        if (m->rules[i].failed)
            v[k++] = &m->rules[i];
    if (v)
        qsort(v, k, sizeof *v, by_failed);
    bar b[TOP_N];
    size_t n = k < TOP_N ? k : TOP_N;
    for (size_t i = 0; i < n; i++) {
        const cs_tally_rule *r = &t->rules[v[i] - m->rules];
        char p[32];
        cs_html_percent(p, sizeof p, v[i]->failed, v[i]->applicable);
        const char *color = r->severity == CS_SEV_ERROR ? COLOR_ERROR : r->severity == CS_SEV_WARNING ? COLOR_WARNING
                                                                                                      : COLOR_NOTICE;
        b[i] = (bar){ .v = v[i]->failed, .color = color };
        snprintf(b[i].full, sizeof b[i].full, "%s", r->id);
        snprintf(b[i].title, sizeof b[i].title, "%s: %s (%s)", r->id, r->description, r->citation);
        snprintf(b[i].value, sizeof b[i].value, "%llu (%s of applicable)", U(v[i]->failed), p);
    }
    hbars(o, "Most violated rules", "colour = severity: <b class=sev-error>error</b> <b class=sev-warning>warning</b> "
          "<b class=sev-notice>notice</b>", b, n);
    free(v);
}

/* ---- certificates by month -------------------------------------------- */

/* One bar of the monthly chart: a month, or a year when the range is long. */
typedef struct bin {
    int32_t start;                 /* first month of the bin */
    uint64_t certs, err, warn;
} bin;

#define MONTHLY_BINS_MAX 72 /* up to six years by month, longer by year */
#define MIN_MARK_PX 2       /* a non-zero error/warning count is at least this tall */
#define OUTLIERS_LISTED 12

static unsigned bar_height(uint64_t v, uint64_t max, unsigned ph)
{
    unsigned h = (unsigned)((unsigned __int128)v * ph / max);
    return v && h < MIN_MARK_PX ? MIN_MARK_PX : h;
}

static void bin_label(const bin *b, bool by_year, char *out, size_t size)
{
    int y, mon;
    cs_tally_month_split(b->start, &y, &mon);
    if (by_year)
        snprintf(out, size, "%d", y);
    else
        snprintf(out, size, "%04d-%02d", y, mon);
}

/* The note under the chart: what the range is and what it leaves out. */
static void months_note(cs_out *o, const cs_model *m, int32_t first, int32_t last, bool by_year)
{
    char a[16], b[16];
    cs_model_month(first, a);
    cs_model_month(last, b);
    cs_out_printf(o, "<p class=\"muted note\">%s to %s, by %s.", a, b, by_year ? "year" : "month");
    uint64_t out_certs = 0;
    size_t out_months = 0;
    for (size_t i = 0; i < m->n_months; i++)
        if (m->months[i].month < first || m->months[i].month > last) {
            out_certs += m->months[i].certs;
            out_months++;
        }
    if (out_certs) {
        cs_out_printf(o, " Not drawn: <b>%llu certificate%s</b> dated far from the rest (", U(out_certs),
                      out_certs == 1 ? "" : "s");
        size_t listed = 0;
        for (size_t i = 0; i < m->n_months && listed < OUTLIERS_LISTED; i++) {
            const cs_tally_month *mo = &m->months[i];
            if (mo->month >= first && mo->month <= last)
                continue;
            char label[16];
            cs_model_month(mo->month, label);
            cs_out_printf(o, "%s%s: %llu", listed ? ", " : "", label, U(mo->certs));
            listed++;
        }
        if (out_months > listed)
            cs_out_printf(o, ", and %zu more month%s", out_months - listed, out_months - listed == 1 ? "" : "s");
        cs_out_puts(o, "); monthly.csv has them.");
    }
    if (m->undated)
        cs_out_printf(o, " %llu certificate%s without a readable notBefore.", U(m->undated), m->undated == 1 ? "" : "s");
    cs_out_puts(o, "</p>");
}

static void chart_months(cs_out *o, const cs_model *m)
{
    cs_out_puts(o, "<figure><figcaption>Certificates by month of notBefore</figcaption>"
                   "<div class=\"legend muted\">bars: certificates; <b class=sev-error>with an error</b>, "
                   "<b class=sev-warning>with a warning</b> (any non-zero count is drawn visibly)</div>");
    int32_t first, last;
    if (!cs_model_month_range(m, &first, &last)) {
        cs_out_puts(o, "<p class=muted>Nothing to show.</p></figure>\n");
        return;
    }
    int fy, fm, ly, lm;
    cs_tally_month_split(first, &fy, &fm);
    cs_tally_month_split(last, &ly, &lm);
    bool by_year = last - first + 1 > MONTHLY_BINS_MAX;
    size_t nb = by_year ? (size_t)(ly - fy + 1) : (size_t)(last - first + 1);
    bin *bins = calloc(nb, sizeof *bins);
    if (!bins) {
        cs_out_puts(o, "<p class=muted>Out of memory drawing the chart.</p></figure>\n");
        return;
    }
    int32_t base = by_year ? first - (fm - 1) : first; /* January of the first year when by year */
    for (size_t i = 0; i < nb; i++)
        bins[i].start = by_year ? base + (int32_t)i * 12 : base + (int32_t)i;
    for (size_t i = 0; i < m->n_months; i++) {
        const cs_tally_month *mo = &m->months[i];
        if (mo->month < first || mo->month > last)
            continue;
        bin *b = &bins[by_year ? (mo->month - base) / 12 : mo->month - base];
        b->certs += mo->certs;
        b->err += mo->with_error;
        b->warn += mo->with_warning;
    }
    uint64_t max = 1;
    for (size_t i = 0; i < nb; i++)
        if (bins[i].certs > max)
            max = bins[i].certs;

    const unsigned W = 640, H = 210, X0 = 56, Y0 = 10, PH = 160, PW = W - X0 - 10;
    double bw = (double)PW / (double)nb;
    if (bw > 40)
        bw = 40; /* a few bins: keep bars bar-like */
    cs_out_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\">",
                  W, H, W, H);
    cs_out_printf(o, "<line x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\" stroke=\"#999\"/>", X0, Y0 + PH, W - 10, Y0 + PH);
    cs_out_printf(o, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">%llu</text>", X0 - 4, Y0 + 8, U(max));
    cs_out_printf(o, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">0</text>", X0 - 4, Y0 + PH);
    double gap = bw > 3 ? bw * 0.15 : 0;
    for (size_t i = 0; i < nb; i++) {
        const bin *b = &bins[i];
        if (!b->certs)
            continue;
        double x = X0 + bw * (double)i, w = bw - gap, half = w / 2;
        unsigned h = bar_height(b->certs, max, PH), he = bar_height(b->err, max, PH),
                 hw = bar_height(b->warn, max, PH);
        char label[16];
        bin_label(b, by_year, label, sizeof label);
        cs_out_printf(o, "<g><title>%s: %llu certificates, %llu with an error, %llu with a warning</title>", label,
                      U(b->certs), U(b->err), U(b->warn));
        cs_out_printf(o, "<rect x=\"%.2f\" y=\"%u\" width=\"%.2f\" height=\"%u\" fill=\"" COLOR_BAR "\"/>", x,
                      Y0 + PH - h, w, h);
        if (he)
            cs_out_printf(o, "<rect x=\"%.2f\" y=\"%u\" width=\"%.2f\" height=\"%u\" fill=\"" COLOR_ERROR "\"/>", x,
                          Y0 + PH - he, half, he);
        if (hw)
            cs_out_printf(o, "<rect x=\"%.2f\" y=\"%u\" width=\"%.2f\" height=\"%u\" fill=\"" COLOR_WARNING "\"/>",
                          x + half, Y0 + PH - hw, half, hw);
        cs_out_puts(o, "</g>");
    }
    /* Axis labels at round steps, far enough apart not to overlap. */
    static const int year_steps[] = { 1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, 2500 },
                     month_steps[] = { 1, 2, 3, 6, 12 };
    const int *steps = by_year ? year_steps : month_steps;
    size_t n_steps = by_year ? sizeof year_steps / sizeof *year_steps : sizeof month_steps / sizeof *month_steps;
    double label_px = by_year ? 34.0 : 50.0;
    int step = steps[n_steps - 1];
    for (size_t s = 0; s < n_steps; s++)
        if ((double)nb / steps[s] * label_px <= PW) {
            step = steps[s];
            break;
        }
    for (size_t i = 0; i < nb; i++) {
        int y, mon;
        cs_tally_month_split(bins[i].start, &y, &mon);
        if (by_year ? y % step != 0 : (mon - 1) % step != 0)
            continue;
        char label[16];
        bin_label(&bins[i], by_year, label, sizeof label);
        cs_out_printf(o, "<text x=\"%.2f\" y=\"%u\" text-anchor=\"middle\">%s</text>", X0 + bw * ((double)i + 0.5),
                      Y0 + PH + 14, label);
    }
    cs_out_puts(o, "</svg>");
    months_note(o, m, first, last, by_year);
    cs_out_puts(o, "</figure>\n");
    free(bins);
}

void cs_html_charts(cs_out *o, const cs_model *m)
{
    chart_volume(o, m);
    chart_rate(o, m);
    chart_months(o, m);
    chart_rules(o, m);
}
