/* One certificate's findings as one JSON line (see findings_json.h and
 * docs/findings.md for the schema). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lint/findings_json.h"

/* ---- certificate fields ------------------------------------------------ */

static void put_name(cs_json_buf *b, const cs_name *n)
{
    char small[512];
    size_t need = cs_name_to_text(n, small, sizeof small);
    if (need < sizeof small) {
        cs_json_buf_put_string(b, (const uint8_t *)small, need);
        return;
    }
    char *big = malloc(need + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    size_t got = cs_name_to_text(n, big, need + 1);
    cs_json_buf_put_string(b, (const uint8_t *)big, got < need + 1 ? got : need);
    free(big);
}

static void put_time(cs_json_buf *b, const cs_time *t)
{
    struct tm tm;
    time_t tt = (time_t)t->t;
    if (!t->valid || (int64_t)tt != t->t || !gmtime_r(&tt, &tm)) {
        cs_json_buf_puts(b, "null");
        return;
    }
    cs_json_buf_printf(b, "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
            tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void put_int_or_null(cs_json_buf *b, int64_t v)
{
    if (v < 0)
        cs_json_buf_puts(b, "null");
    else
        cs_json_buf_printf(b, "%" PRId64, v);
}

static const char *smime_type_name(unsigned t)
{
    switch (t) {
    case CS_SMIME_MAILBOX: return "mailbox";
    case CS_SMIME_ORGANIZATION: return "organization";
    case CS_SMIME_SPONSORED: return "sponsored";
    case CS_SMIME_INDIVIDUAL: return "individual";
    default: return NULL;
    }
}

static const char *smime_generation_name(unsigned g)
{
    switch (g) {
    case CS_SMIME_LEGACY: return "legacy";
    case CS_SMIME_MULTIPURPOSE: return "multipurpose";
    case CS_SMIME_STRICT: return "strict";
    default: return NULL;
    }
}

static const char *tls_level_name(unsigned l)
{
    switch (l) {
    case CS_TLS_DV: return "dv";
    case CS_TLS_OV: return "ov";
    case CS_TLS_IV: return "iv";
    case CS_TLS_EV: return "ev";
    default: return NULL;
    }
}

/* Why the certificate is in TLS subscriber scope (cs_tls_scope). */
static const char *tls_scope_name(unsigned s)
{
    switch (s) {
    case CS_TLS_SCOPE_OWN: return "own";
    case CS_TLS_SCOPE_ISSUER: return "issuer";
    case CS_TLS_SCOPE_ZLINT: return "zlint";
    default: return NULL;
    }
}

static void put_bool(cs_json_buf *b, bool v) { cs_json_buf_puts(b, v ? "true" : "false"); }

static void put_profile(cs_json_buf *b, const cs_cert *c)
{
    cs_json_buf_puts(b, "{\"ca\":");
    put_bool(b, c->is_ca);
    cs_json_buf_puts(b, ",\"smime\":");
    if (c->smime.subscriber || c->smime.issuing_ca || c->smime.reserved_oid || c->smime.undefined_oid) {
        cs_json_buf_puts(b, "{\"subscriber\":");
        put_bool(b, c->smime.subscriber);
        cs_json_buf_puts(b, ",\"issuing_ca\":");
        put_bool(b, c->smime.issuing_ca);
        cs_json_buf_puts(b, ",\"type\":");
        cs_json_buf_put_cstring(b, smime_type_name(c->smime.type));
        cs_json_buf_puts(b, ",\"generation\":");
        cs_json_buf_put_cstring(b, smime_generation_name(c->smime.generation));
        cs_json_buf_puts(b, ",\"guessed\":");
        put_bool(b, c->smime.profile_guessed);
        cs_json_buf_puts(b, "}");
    } else {
        cs_json_buf_puts(b, "null");
    }
    cs_json_buf_puts(b, ",\"tls\":");
    if (c->tls.subscriber || c->tls.level != CS_TLS_LEVEL_NONE) {
        cs_json_buf_puts(b, "{\"subscriber\":");
        put_bool(b, c->tls.subscriber);
        cs_json_buf_puts(b, ",\"scope\":");
        cs_json_buf_put_cstring(b, tls_scope_name(c->tls.scope));
        cs_json_buf_puts(b, ",\"level\":");
        cs_json_buf_put_cstring(b, tls_level_name(c->tls.level));
        cs_json_buf_puts(b, "}");
    } else {
        cs_json_buf_puts(b, "null");
    }
    cs_json_buf_puts(b, "}");
}

bool cs_findings_json(cs_json_buf *b, const cs_cert *c, const cs_lint_result *r,
                      const cs_ruleset *rs, const cs_findings_origin *o)
{
    static const cs_findings_origin none = { NULL, NULL, -1, -1, -1, false };
    if (!o)
        o = &none;

    cs_json_buf_puts(b, "{\"sha256\":");
    cs_json_buf_put_hex(b, c->sha256, sizeof c->sha256);

    cs_json_buf_puts(b, ",\"origin\":{\"input\":");
    cs_json_buf_put_cstring(b, o->input ? o->input : "-");
    cs_json_buf_puts(b, ",\"member\":");
    cs_json_buf_put_cstring(b, o->member && *o->member ? o->member : NULL);
    cs_json_buf_puts(b, ",\"offset\":");
    put_int_or_null(b, o->offset);
    cs_json_buf_puts(b, ",\"line\":");
    put_int_or_null(b, o->line > 0 ? o->line : -1);
    cs_json_buf_puts(b, ",\"ct_index\":");
    put_int_or_null(b, o->ct_index);
    cs_json_buf_puts(b, "}");

    cs_json_buf_puts(b, ",\"issuer\":");
    put_name(b, &c->issuer);
    cs_json_buf_puts(b, ",\"subject\":");
    put_name(b, &c->subject);
    cs_json_buf_puts(b, ",\"serial\":");
    cs_json_buf_put_hex(b, c->serial.p, c->serial.len);
    cs_json_buf_puts(b, ",\"not_before\":");
    put_time(b, &c->not_before);
    cs_json_buf_puts(b, ",\"precertificate\":");
    put_bool(b, c->is_precert || o->precert_entry);
    cs_json_buf_puts(b, ",\"tbs\":");
    put_bool(b, c->tbs_only);
    cs_json_buf_puts(b, ",\"profile\":");
    put_profile(b, c);

    cs_json_buf_puts(b, ",\"worst\":");
    cs_json_buf_put_cstring(b, r->n_findings ? cs_severity_name((cs_severity)r->worst) : NULL);
    cs_json_buf_puts(b, ",\"findings\":[");
    for (size_t i = 0; i < r->n_findings; i++) {
        const cs_finding *f = &r->findings[i];
        const cs_rule *rule = cs_ruleset_rule(rs, f->rule);
        cs_json_buf_puts(b, i ? ",{\"rule\":" : "{\"rule\":");
        cs_json_buf_put_cstring(b, rule ? rule->id : "?");
        cs_json_buf_puts(b, ",\"severity\":");
        cs_json_buf_put_cstring(b, cs_severity_name((cs_severity)f->severity));
        cs_json_buf_puts(b, ",\"citation\":");
        cs_json_buf_put_cstring(b, rule ? rule->citation : NULL);
        cs_json_buf_puts(b, ",\"detail\":");
        /* The detail is a bounded C string written by the rule. */
        cs_json_buf_put_string(b, (const uint8_t *)f->detail.text,
                               strnlen(f->detail.text, sizeof f->detail.text));
        cs_json_buf_puts(b, "}");
    }
    cs_json_buf_puts(b, "]}\n");
    return !b->failed;
}

bool cs_findings_json_write(FILE *out, const cs_cert *c, const cs_lint_result *r,
                            const cs_ruleset *rs, const cs_findings_origin *o)
{
    cs_json_buf b = { 0 };
    bool ok = cs_findings_json(&b, c, r, rs, o) && fwrite(b.data, 1, b.len, out) == b.len;
    cs_json_buf_free(&b);
    return ok;
}
