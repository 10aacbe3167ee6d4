/* Public API: lint one DER certificate (or TBSCertificate), optionally
 * with its issuing CA's certificate, into a findings list that owns
 * everything it points to. */
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"
#include "util/utf8.h"
#include "lint/findings_json.h"
#include "x509/cert.h"

struct csw_findings {
    const csw_ruleset *owner;
    uint8_t *der;            /* private copy: the view's spans point into it */
    cs_cert *cert;
    cs_lint_result *res;     /* header + n findings only (see copy_result) */
    size_t n;
    csw_finding *list;
    char *clean;             /* sanitized details, for those that needed it */
};

/* ---- a DER header, just enough to frame and classify ------------------- */

/* Reads the identifier and length octets at p[0..n).  Returns the header
 * length, or 0 when they are not a definite-length header that fits. */
static size_t tlv_header(const uint8_t *p, size_t n, uint8_t *tag, size_t *content_len)
{
    if (n < 2 || (p[0] & 0x1f) == 0x1f)
        return 0;
    *tag = p[0];
    if (p[1] < 0x80) {
        *content_len = p[1];
        return 2;
    }
    size_t k = p[1] & 0x7f;
    if (k == 0 || k > 4 || n < 2 + k) /* indefinite, absurd, or truncated */
        return 0;
    size_t v = 0;
    for (size_t i = 0; i < k; i++)
        v = v << 8 | p[2 + i];
    *content_len = v;
    return 2 + k;
}

/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, ... } while
 * TBSCertificate ::= SEQUENCE { [0] version or INTEGER serial, ... }. */
static bool looks_like_tbs(const uint8_t *p, size_t n)
{
    uint8_t tag, inner;
    size_t len, ilen;
    size_t h = tlv_header(p, n, &tag, &len);
    if (!h || tag != 0x30 || !tlv_header(p + h, n - h, &inner, &ilen))
        return false;
    return inner == 0xa0 || inner == 0x02;
}

/* When the bytes after the first element begin another SEQUENCE header,
 * returns its offset; 0 otherwise. */
static size_t second_element(const uint8_t *p, size_t n)
{
    uint8_t tag;
    size_t len;
    size_t h = tlv_header(p, n, &tag, &len);
    if (!h || len > n - h || h + len == n)
        return 0;
    size_t off = h + len;
    uint8_t tag2;
    size_t len2;
    if (p[off] == 0x30 && tlv_header(p + off, n - off, &tag2, &len2) && len2 > 0)
        return off;
    return 0;
}

/* ---- findings ---------------------------------------------------------- */

/* The driver's result is large (one slot per possible rule); keep only
 * the header and the findings actually made. */
static cs_lint_result *copy_result(const cs_lint_result *r)
{
    size_t head = offsetof(cs_lint_result, findings);
    cs_lint_result *c = malloc(head + (r->n_findings ? r->n_findings : 1) * sizeof r->findings[0]);
    if (c) {
        memcpy(c, r, head);
        memcpy(c->findings, r->findings, r->n_findings * sizeof r->findings[0]);
    }
    return c;
}

/* Details may quote certificate bytes.  The public detail is valid UTF-8
 * without control characters (C0, DEL, C1): each offending byte becomes
 * '?'.  Returns true when s needed that. */
static bool needs_clean(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    for (; *p; p++)
        if (*p < 0x20 || *p >= 0x7f)
            return true; /* non-ASCII: let clean() decide precisely */
    return false;
}

/* Bytes of the acceptable character at p: well-formed UTF-8 that is not a
 * control (C0, DEL, C1); 0 for an offending byte. */
static size_t clean_len(const uint8_t *p, size_t n)
{
    uint32_t cp;
    size_t k = cs_utf8_decode(p, n, &cp);
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == CS_UTF8_INVALID ? 0 : k;
}

static void clean(const char *s, char *out)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
    while (p < end) {
        size_t k = clean_len(p, (size_t)(end - p));
        if (k == 0) {
            *out++ = '?';
            p++;
        } else {
            memcpy(out, p, k);
            out += k;
            p += k;
        }
    }
    *out = '\0';
}

static bool build_list(csw_findings *f)
{
    f->n = f->res->n_findings;
    f->list = calloc(f->n ? f->n : 1, sizeof *f->list);
    f->clean = malloc(f->n * CS_DETAIL_MAX + 1);
    if (!f->list || !f->clean)
        return false;
    for (size_t i = 0; i < f->n; i++) {
        cs_finding *x = &f->res->findings[i];
        x->detail.text[CS_DETAIL_MAX - 1] = '\0'; /* bounded whatever a rule did */
        const cs_rule *r = cs_ruleset_rule(f->owner->rs, x->rule);
        const char *detail = x->detail.text;
        if (needs_clean(detail)) {
            char *dst = f->clean + i * CS_DETAIL_MAX;
            clean(detail, dst);
            detail = dst;
        }
        f->list[i] = (csw_finding){
            .rule_id = r ? r->id : "?",
            .severity = (csw_severity)x->severity,
            .detail = detail,
            .citation = r && r->citation ? r->citation : "",
        };
    }
    return true;
}

void csw_findings_free(csw_findings *f)
{
    if (!f)
        return;
    free(f->der);
    free(f->cert);
    free(f->res);
    free(f->list);
    free(f->clean);
    free(f);
}

/* The issuing CA certificate for csw_lint_der_with_issuer: exactly one
 * DER Certificate.  Returns its view (spans into the caller's bytes, which
 * outlive the lint), or NULL with the reason in err (*oom on
 * out-of-memory). */
static cs_cert *parse_issuer(const uint8_t *der, size_t len, bool *oom, char *err, size_t errlen)
{
    *oom = false;
    if (len == 0) {
        csw_set_err(err, errlen, "issuer: empty input");
        return NULL;
    }
    if (len > UINT32_MAX) {
        csw_set_err(err, errlen, "issuer: %zu bytes is too large for a certificate", len);
        return NULL;
    }
    size_t off = second_element(der, len);
    if (off) {
        csw_set_err(err, errlen, "issuer: more than one certificate: another DER SEQUENCE starts at offset %zu", off);
        return NULL;
    }
    cs_cert *ca = malloc(sizeof *ca);
    if (!ca) {
        *oom = true;
        return NULL;
    }
    cs_parse_error perr = { 0 };
    if (!cs_cert_parse(ca, der, len, &perr)) {
        perr.reason[sizeof perr.reason - 1] = '\0';
        csw_set_err(err, errlen, "issuer: not a certificate: %s at offset %u",
                    perr.reason[0] ? perr.reason : "cannot be parsed", (unsigned)perr.offset);
        free(ca);
        return NULL;
    }
    return ca;
}

csw_findings *csw_lint_der(const csw_ruleset *rs, const uint8_t *der, size_t len, unsigned flags,
                           char *err, size_t errlen)
{
    return csw_lint_der_with_issuer(rs, der, len, NULL, 0, flags, err, errlen);
}

csw_findings *csw_lint_der_with_issuer(const csw_ruleset *rs, const uint8_t *der, size_t len,
                                       const uint8_t *issuer_der, size_t issuer_len, unsigned flags,
                                       char *err, size_t errlen)
{
    if (!rs || (!der && len) || (!issuer_der && issuer_len)) {
        csw_set_err(err, errlen, "no rule set or no input");
        return NULL;
    }
    if (len == 0) {
        csw_set_err(err, errlen, "empty input");
        return NULL;
    }
    if (len > UINT32_MAX) {
        csw_set_err(err, errlen, "input of %zu bytes is too large for a certificate", len);
        return NULL;
    }
    if (flags & CSW_LINT_SINGLE) {
        size_t off = second_element(der, len);
        if (off) {
            csw_set_err(err, errlen,
                        "more than one certificate: another DER SEQUENCE starts at offset %zu", off);
            return NULL;
        }
    }
    bool tbs = (flags & CSW_LINT_TBS) || ((flags & CSW_LINT_DETECT) && looks_like_tbs(der, len));

    csw_findings *f = calloc(1, sizeof *f);
    cs_lint_result *scratch = NULL;
    cs_cert *ca = NULL;
    if (!f || !(f->der = malloc(len)) || !(f->cert = malloc(sizeof *f->cert)) ||
        !(scratch = malloc(sizeof *scratch)))
        goto oom;
    f->owner = rs;
    memcpy(f->der, der, len);

    cs_parse_error perr = { 0 };
    bool ok = tbs ? cs_tbs_parse(f->cert, f->der, len, &perr) : cs_cert_parse(f->cert, f->der, len, &perr);
    if (!ok) {
        perr.reason[sizeof perr.reason - 1] = '\0';
        csw_set_err(err, errlen, "not a %s: %s at offset %u", tbs ? "TBSCertificate" : "certificate",
                    perr.reason[0] ? perr.reason : "cannot be parsed", (unsigned)perr.offset);
        goto fail;
    }
    if (issuer_der) {
        bool oom;
        if (!(ca = parse_issuer(issuer_der, issuer_len, &oom, err, errlen))) {
            if (oom)
                goto oom;
            goto fail;
        }
    }
    /* Set in every case: the view never carries an issuer it was not given. */
    f->cert->issuer_cert = ca;
    cs_lint(rs->rs, f->cert, scratch);
    /* The issuer's view is freed now: the findings only keep the certificate's. */
    f->cert->issuer_cert = NULL;
    free(ca);
    ca = NULL;
    f->res = copy_result(scratch);
    free(scratch);
    scratch = NULL;
    if (!f->res || !build_list(f))
        goto oom;
    return f;

oom:
    csw_set_err(err, errlen, "out of memory");
fail:
    free(ca);
    free(scratch);
    csw_findings_free(f);
    return NULL;
}

size_t csw_findings_count(const csw_findings *f) { return f ? f->n : 0; }

const csw_finding *csw_finding_get(const csw_findings *f, size_t i)
{
    return f && i < f->n ? &f->list[i] : NULL;
}

int csw_findings_worst(const csw_findings *f)
{
    return f && f->n ? (int)f->res->worst : -1;
}

const uint8_t *csw_findings_sha256(const csw_findings *f) { return f ? f->cert->sha256 : NULL; }

int csw_findings_is_tbs(const csw_findings *f) { return f && f->cert->tbs_only; }

const char *csw_findings_smime_profile(const csw_findings *f, int *guessed)
{
    static const char *const names[4][3] = {
        { "mailbox-legacy", "mailbox-multipurpose", "mailbox-strict" },
        { "organization-legacy", "organization-multipurpose", "organization-strict" },
        { "sponsored-legacy", "sponsored-multipurpose", "sponsored-strict" },
        { "individual-legacy", "individual-multipurpose", "individual-strict" },
    };
    if (guessed)
        *guessed = f && f->cert->smime.profile_guessed;
    if (!f || f->cert->smime.type < CS_SMIME_MAILBOX || f->cert->smime.type > CS_SMIME_INDIVIDUAL ||
        f->cert->smime.generation < CS_SMIME_LEGACY || f->cert->smime.generation > CS_SMIME_STRICT)
        return NULL;
    return names[f->cert->smime.type - 1][f->cert->smime.generation - 1];
}

char *csw_findings_to_json(const csw_findings *f, const char *input, long long offset, long long line)
{
    if (!f)
        return NULL;
    cs_findings_origin o = {
        .input = input, .member = NULL, .offset = offset, .line = line, .ct_index = -1,
        .precert_entry = false,
    };
    cs_json_buf b = { 0 };
    if (!cs_findings_json(&b, f->cert, f->res, f->owner->rs, &o)) {
        cs_json_buf_free(&b);
        return NULL;
    }
    return b.data; /* ownership passes to the caller (csw_free) */
}
