/* S/MIME BR subjectAltName and mailbox encodings (SBR 7.1.2.3 h,
 * 7.1.4.2.1; RFC 9598 for SmtpUTF8Mailbox). */
#include "smime_common.h"

SMIME_APPLIES(any_profile, SMIME_ALL_TYPES, SMIME_ALL_GENS)

static bool san_present(const cs_cert *c) { return any_profile(c) && c->san.present; }

static bool has_san_gn(const cs_cert *c, cs_gn_type type, cs_oid_id other)
{
    for (uint16_t i = 0; c->san.present && i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == type && (type != CS_GN_OTHER_NAME || other == CS_OID_UNKNOWN || g->other_type == other))
            return true;
    }
    return false;
}

static cs_result check_san_missing(const cs_cert *c, cs_detail *d)
{
    return c->san.present ? CS_PASS : cs_fail(d, "subjectAltName absent");
}
CS_RULE(smime_san_missing) = {
    SMIME_META(smime_san_missing, ERROR, "SBR 7.1.2.3(h)", SMIME_BR_START),
    .description = "subjectAltName extension is absent",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_san_shall_be_present", .pkilint = "cabf.smime.san_extension_missing",
    .applies = any_profile, .check = check_san_missing,
};

static cs_result check_san_no_mailbox(const cs_cert *c, cs_detail *d)
{
    if (has_san_gn(c, CS_GN_RFC822, CS_OID_UNKNOWN) || has_san_gn(c, CS_GN_OTHER_NAME, CS_OID_ON_SMTP_UTF8_MAILBOX))
        return CS_PASS;
    return cs_fail(d, "subjectAltName has no rfc822Name or SmtpUTF8Mailbox");
}
CS_RULE(smime_san_no_mailbox) = {
    SMIME_META(smime_san_no_mailbox, ERROR, "SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "subjectAltName holds neither an rfc822Name nor an id-on-SmtpUTF8Mailbox otherName",
    .applies_to = "S/MIME subscriber certificates with subjectAltName",
    .zlint = NULL, .pkilint = "cabf.smime.san_does_not_contain_email_address",
    .applies = san_present, .check = check_san_no_mailbox,
};

static cs_result check_san_critical_subject(const cs_cert *c, cs_detail *d)
{
    return c->san.ext->critical && c->subject.n_attrs ? cs_fail(d, "subjectAltName critical with a non-empty subject")
                                                      : CS_PASS;
}
CS_RULE(smime_san_critical_with_subject) = {
    SMIME_META(smime_san_critical_with_subject, WARNING, "SBR 7.1.2.3(h)", SMIME_BR_START),
    .description = "subjectAltName SHOULD NOT be critical unless the subject is an empty sequence",
    .applies_to = "S/MIME subscriber certificates with subjectAltName",
    .zlint = "w_san_should_not_be_critical", .pkilint = "pkix.san_extension_is_critical_non_empty_subject",
    .applies = san_present, .check = check_san_critical_subject,
};

static cs_result check_san_empty_subject(const cs_cert *c, cs_detail *d)
{
    return !c->san.ext->critical && c->subject.n_attrs == 0
               ? cs_fail(d, "subject is empty but subjectAltName is not critical")
               : CS_PASS;
}
CS_RULE(smime_san_not_critical_empty_subject) = {
    SMIME_META(smime_san_not_critical_empty_subject, ERROR, "RFC 5280 4.2.1.6, SBR 7.1.2.3(h)", SMIME_BR_START),
    .description = "subject is an empty sequence but subjectAltName is not critical",
    .applies_to = "S/MIME subscriber certificates with subjectAltName",
    .zlint = "e_ext_san_not_critical_without_subject", .pkilint = "pkix.san_extension_not_critical_empty_subject",
    .applies = san_present, .check = check_san_empty_subject,
};

static cs_result check_san_types(const cs_cert *c, cs_detail *d)
{
    static const char *const names[] = { "otherName", "rfc822Name", "dNSName", "x400Address", "directoryName",
                                         "ediPartyName", "uniformResourceIdentifier", "iPAddress", "registeredID" };
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        uint8_t t = c->san.names.items[i].type;
        if (t != CS_GN_RFC822 && t != CS_GN_OTHER_NAME && t != CS_GN_DIRECTORY)
            return cs_fail(d, "subjectAltName contains a %s", t < 9 ? names[t] : "?");
    }
    return CS_PASS;
}
CS_RULE(smime_san_prohibited_name_type) = {
    SMIME_META(smime_san_prohibited_name_type, ERROR, "SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "subjectAltName holds a name type other than rfc822Name, otherName or directoryName",
    .applies_to = "S/MIME subscriber certificates with subjectAltName",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_generalname_type_present",
    .applies = san_present, .check = check_san_types,
};

static bool strict_san(const cs_cert *c) { return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_STR) && c->san.present; }

static cs_result check_strict_othername(const cs_cert *c, cs_detail *d)
{
    char buf[64];
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_OTHER_NAME && g->other_type != CS_OID_ON_SMTP_UTF8_MAILBOX)
            return cs_fail(d, "otherName of type %s in a Strict certificate",
                           cs_oid_to_text(g->other_oid, buf, sizeof buf));
    }
    return CS_PASS;
}
CS_RULE(smime_san_strict_foreign_othername) = {
    SMIME_META(smime_san_strict_foreign_othername, ERROR, "SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "an otherName other than id-on-SmtpUTF8Mailbox (e.g. Microsoft UPN) in a Strict certificate",
    .applies_to = "S/MIME Strict subscriber certificates with subjectAltName",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_othername_type_present",
    .applies = strict_san, .check = check_strict_othername,
};

typedef struct dirname_ctx {
    const cs_cert *c;
    cs_oid_id bad;
    bool found_bad;
} dirname_ctx;

static bool dirname_attr(void *vctx, cs_oid_id type, uint8_t tag, cs_span value)
{
    (void)tag;
    (void)value;
    dirname_ctx *x = vctx;
    if (smime_attr_presence(type, x->c->smime.type, x->c->smime.generation) == SMIME_ATTR_PROHIBITED) {
        x->bad = type;
        x->found_bad = true;
        return false;
    }
    return true;
}

static bool has_dirname(const cs_cert *c) { return san_present(c) && has_san_gn(c, CS_GN_DIRECTORY, CS_OID_UNKNOWN); }

static cs_result check_dirname_profile(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_DIRECTORY)
            continue;
        dirname_ctx x = { c, CS_OID_UNKNOWN, false };
        if (!smime_name_walk(g->value, dirname_attr, &x))
            return cs_fail(d, "SAN directoryName %u does not decode as a Name", (unsigned)i);
        if (x.found_bad) {
            const char *n = cs_oid_short_name(x.bad);
            return cs_fail(d, "SAN directoryName holds %s, not allowed in this profile", *n ? n : "an unlisted attribute");
        }
    }
    return CS_PASS;
}
CS_RULE(smime_san_dirname_profile_violation) = {
    SMIME_META(smime_san_dirname_profile_violation, ERROR, "SBR 7.1.4.2.1 (SMC012)", SMIME_BR_START),
    .description = "a SAN directoryName holds an attribute that the subject presence table of the "
                   "profile prohibits (required attributes are not demanded of directoryNames)",
    .applies_to = "S/MIME subscriber certificates with a SAN directoryName",
    .zlint = NULL, .pkilint = "cabf.smime.prohibited_attribute",
    .applies = has_dirname, .check = check_dirname_profile,
};

/* ---- mailboxes elsewhere must be in the SAN ------------------------ */

typedef struct mailbox_ctx {
    const cs_cert *c;
    bool missing;
    const char *where;
} mailbox_ctx;

static bool looks_like_mailbox(cs_span v)
{
    size_t at = 0;
    for (size_t i = 0; i < v.len; i++) {
        if (v.p[i] == ' ')
            return false;
        if (v.p[i] == '@')
            at++;
    }
    return at == 1 && v.len >= 3;
}

/* "All Mailbox Addresses in the subject field": emailAddress always, a
 * commonName that looks like one address, and any other attribute
 * (organizationalUnitName, title, ...) whose whole value is a valid
 * mailbox. */
static bool mailbox_attr(void *vctx, cs_oid_id type, uint8_t tag, cs_span value)
{
    mailbox_ctx *x = vctx;
    char buf[512];
    int n = smime_attr_text(tag, value, buf, sizeof buf);
    if (n <= 0)
        return true;
    cs_span m = cs_span_make(buf, (size_t)n);
    bool mailbox = type == CS_OID_AT_EMAIL_ADDRESS ||
                   (looks_like_mailbox(m) && (type == CS_OID_AT_COMMON_NAME || !cs_mailbox_syntax_error(m)));
    if (!mailbox)
        return true;
    if (!smime_san_has_mailbox(x->c, m)) {
        const char *name = cs_oid_short_name(type);
        x->missing = true;
        x->where = *name ? name : "attribute";
        return false;
    }
    return true;
}

static cs_result check_mailbox_in_san(const cs_cert *c, cs_detail *d)
{
    mailbox_ctx x = { c, false, "" };
    for (uint16_t i = 0; i < c->subject.n_attrs && !x.missing; i++) {
        const cs_attr *a = &c->subject.attrs[i];
        mailbox_attr(&x, a->type, a->tag, a->value);
    }
    if (x.missing)
        return cs_fail(d, "mailbox in subject %s is not in the SAN", x.where);
    for (uint16_t i = 0; c->san.present && i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_DIRECTORY && smime_name_walk(g->value, mailbox_attr, &x) && x.missing)
            return cs_fail(d, "mailbox in SAN directoryName %s is not an rfc822Name/SmtpUTF8Mailbox", x.where);
    }
    return CS_PASS;
}
CS_RULE(smime_mailbox_not_in_san) = {
    SMIME_META(smime_mailbox_not_in_san, ERROR, "SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "a mailbox in the subject or in a SAN directoryName (emailAddress, or any other "
                   "attribute whose value is one address) is not repeated as rfc822Name/SmtpUTF8Mailbox "
                   "(local part exact, domain case-insensitive)",
    .applies_to = "S/MIME subscriber certificates (all profiles)",
    .zlint = "e_mailbox_address_shall_contain_an_rfc822_name,e_single_email_if_present", .pkilint = "cabf.smime.email_address_in_attribute_not_in_san,pkix.subject_email_address_not_in_san",
    .applies = any_profile, .check = check_mailbox_in_san,
};

/* ---- rfc822Name ----------------------------------------------------- */

static bool is_ascii(cs_span s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.p[i] & 0x80)
            return false;
    return true;
}

static bool has_rfc822(const cs_cert *c) { return san_present(c) && has_san_gn(c, CS_GN_RFC822, CS_OID_UNKNOWN); }

static cs_result check_rfc822_syntax(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_RFC822 && is_ascii(g->value) && cs_mailbox_syntax_error(g->value))
            return cs_fail(d, "rfc822Name \"%.*s\" is not a valid mailbox",
                           (int)(g->value.len > 80 ? 80 : g->value.len), (const char *)g->value.p);
    }
    return CS_PASS;
}
CS_RULE(smime_rfc822_invalid_syntax) = {
    SMIME_META(smime_rfc822_invalid_syntax, ERROR, "SBR 1.6.1, RFC 5280 4.2.1.6", SMIME_BR_START),
    .description = "an ASCII rfc822Name is not an RFC 5321 Mailbox (dot-string or quoted local "
                   "part, LDH domain or address literal); non-ASCII ones are smime_rfc822_non_ascii",
    .applies_to = "S/MIME subscriber certificates with an rfc822Name",
    .zlint = "e_ext_san_rfc822_format_invalid", .pkilint = "pkix.invalid_email_address_syntax",
    .applies = has_rfc822, .check = check_rfc822_syntax,
};

static cs_result check_rfc822_ascii(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type == CS_GN_RFC822 && !is_ascii(g->value))
            return cs_fail(d, "rfc822Name %u contains octets above 0x7F", (unsigned)i);
    }
    return CS_PASS;
}
CS_RULE(smime_rfc822_non_ascii) = {
    SMIME_META(smime_rfc822_non_ascii, ERROR, "RFC 9598 3, SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "rfc822Name (IA5String) contains octets above 0x7F; internationalized mailboxes "
                   "must use SmtpUTF8Mailbox",
    .applies_to = "S/MIME subscriber certificates with an rfc822Name",
    .zlint = NULL, .pkilint = NULL,
    .applies = has_rfc822, .check = check_rfc822_ascii,
};

/* ---- SmtpUTF8Mailbox (RFC 9598) ------------------------------------- */

static bool has_smtputf8(const cs_cert *c)
{
    return san_present(c) && has_san_gn(c, CS_GN_OTHER_NAME, CS_OID_ON_SMTP_UTF8_MAILBOX);
}

typedef const char *(*smtputf8_check)(const cs_general_name *g);

static cs_result each_smtputf8(const cs_cert *c, cs_detail *d, smtputf8_check fn)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_OTHER_NAME || g->other_type != CS_OID_ON_SMTP_UTF8_MAILBOX)
            continue;
        const char *why = fn(g);
        if (why)
            return cs_fail(d, "SmtpUTF8Mailbox %u: %s", (unsigned)i, why);
    }
    return CS_PASS;
}

static const char *smtputf8_ascii_only(const cs_general_name *g)
{
    cs_span l, dom;
    if (!smime_mailbox_split(g->other_value, &l, &dom))
        return NULL;
    return is_ascii(l) ? "local part is all ASCII (rfc822Name must be used)" : NULL;
}
static cs_result check_smtputf8_ascii(const cs_cert *c, cs_detail *d) { return each_smtputf8(c, d, smtputf8_ascii_only); }
CS_RULE(smime_smtputf8_ascii_only) = {
    SMIME_META(smime_smtputf8_ascii_only, ERROR, "RFC 9598 3, SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "SmtpUTF8Mailbox whose local part is all ASCII (such mailboxes must be rfc822Name)",
    .applies_to = "S/MIME subscriber certificates with a SmtpUTF8Mailbox",
    .zlint = NULL, .pkilint = "pkix.smtp_utf8_mailbox_is_ascii_only",
    .applies = has_smtputf8, .check = check_smtputf8_ascii,
};

static const char *smtputf8_ulabel(const cs_general_name *g)
{
    cs_span l, dom;
    if (!smime_mailbox_split(g->other_value, &l, &dom))
        return NULL;
    return is_ascii(dom) ? NULL : "domain has U-labels (must be A-labels)";
}
static cs_result check_smtputf8_alabel(const cs_cert *c, cs_detail *d) { return each_smtputf8(c, d, smtputf8_ulabel); }
CS_RULE(smime_smtputf8_domain_not_alabel) = {
    SMIME_META(smime_smtputf8_domain_not_alabel, ERROR, "RFC 9598 3, SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "SmtpUTF8Mailbox domain with non-ASCII labels (U-labels) instead of A-labels",
    .applies_to = "S/MIME subscriber certificates with a SmtpUTF8Mailbox",
    .zlint = NULL, .pkilint = "pkix.smtp_utf8_mailbox_domain_part_invalid_syntax",
    .applies = has_smtputf8, .check = check_smtputf8_alabel,
};

static const char *smtputf8_upper(const cs_general_name *g)
{
    cs_span l, dom;
    if (!smime_mailbox_split(g->other_value, &l, &dom))
        return NULL;
    for (size_t i = 0; i < dom.len; i++)
        if (dom.p[i] >= 'A' && dom.p[i] <= 'Z')
            return "domain has upper-case letters";
    return NULL;
}
static cs_result check_smtputf8_upper(const cs_cert *c, cs_detail *d) { return each_smtputf8(c, d, smtputf8_upper); }
CS_RULE(smime_smtputf8_ascii_domain_uppercase) = {
    SMIME_META(smime_smtputf8_ascii_domain_uppercase, ERROR, "RFC 9598 3, SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "SmtpUTF8Mailbox ASCII domain labels not in lower case",
    .applies_to = "S/MIME subscriber certificates with a SmtpUTF8Mailbox",
    .zlint = NULL, .pkilint = "pkix.smtp_utf8_mailbox_has_uppercase",
    .applies = has_smtputf8, .check = check_smtputf8_upper,
};

static const char *smtputf8_bom(const cs_general_name *g)
{
    cs_span v = g->other_value;
    return v.len >= 3 && v.p[0] == 0xEF && v.p[1] == 0xBB && v.p[2] == 0xBF ? "starts with a byte-order mark" : NULL;
}
static cs_result check_smtputf8_bom(const cs_cert *c, cs_detail *d) { return each_smtputf8(c, d, smtputf8_bom); }
CS_RULE(smime_smtputf8_has_bom) = {
    SMIME_META(smime_smtputf8_has_bom, ERROR, "RFC 9598 3, SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "SmtpUTF8Mailbox UTF8String starts with a byte-order mark",
    .applies_to = "S/MIME subscriber certificates with a SmtpUTF8Mailbox",
    .zlint = NULL, .pkilint = "pkix.smtp_utf8_mailbox_has_bom",
    .applies = has_smtputf8, .check = check_smtputf8_bom,
};

static const char *smtputf8_syntax(const cs_general_name *g)
{
    if (g->other_tag != CS_TAG_UTF8_STRING)
        return "value is not a UTF8String";
    cs_span l, dom;
    if (!smime_mailbox_split(g->other_value, &l, &dom) || l.len == 0 || dom.len == 0)
        return "value is not local-part@domain";
    for (size_t i = 0; i < g->other_value.len; i++)
        if (g->other_value.p[i] <= 0x20 || g->other_value.p[i] == 0x7F)
            return "value contains spaces or control characters";
    if (is_ascii(dom) && cs_dns_syntax_error(dom, 0))
        return "domain is not a valid host name";
    return NULL;
}
static cs_result check_smtputf8_syntax(const cs_cert *c, cs_detail *d) { return each_smtputf8(c, d, smtputf8_syntax); }
CS_RULE(smime_smtputf8_invalid_syntax) = {
    SMIME_META(smime_smtputf8_invalid_syntax, ERROR, "RFC 9598 3, SBR 7.1.4.2.1", SMIME_BR_START),
    .description = "SmtpUTF8Mailbox is not a UTF8String of the form local@domain (no spaces or "
                   "controls; an ASCII domain must be a valid host name)",
    .applies_to = "S/MIME subscriber certificates with a SmtpUTF8Mailbox",
    .zlint = NULL, .pkilint = "pkix.smtp_utf8_mailbox_invalid_syntax,pkix.smtp_utf8_mailbox_domain_part_invalid_syntax",
    .applies = has_smtputf8, .check = check_smtputf8_syntax,
};

/* ---- UPN, internal mailbox domains ---------------------------------- */

static bool has_upn(const cs_cert *c)
{
    return smime_profile_in(c, SMIME_ALL_TYPES, SMIME_LEG | SMIME_MP) && c->san.present &&
           has_san_gn(c, CS_GN_OTHER_NAME, CS_OID_ON_MS_UPN);
}

static cs_result check_upn(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        if (g->type != CS_GN_OTHER_NAME || g->other_type != CS_OID_ON_MS_UPN)
            continue;
        cs_span l, dom;
        if (g->other_tag != CS_TAG_UTF8_STRING || !smime_mailbox_split(g->other_value, &l, &dom) || !l.len ||
            !dom.len || !looks_like_mailbox(g->other_value))
            return cs_fail(d, "UPN otherName is not a UTF8String user@domain");
    }
    return CS_PASS;
}
CS_RULE(smime_san_upn_invalid) = {
    SMIME_META(smime_san_upn_invalid, WARNING, "SBR 7.1.2.4 (Microsoft UPN syntax, not a BR SHALL)", SMIME_BR_START),
    .description = "Microsoft UPN otherName is not a UTF8String of the form user@domain",
    .applies_to = "S/MIME Legacy and Multipurpose subscriber certificates with a UPN otherName",
    .zlint = NULL, .pkilint = "msft.invalid_user_principal_name_syntax",
    .applies = has_upn, .check = check_upn,
};

static cs_result check_mailbox_domain(const cs_cert *c, cs_detail *d)
{
    for (uint16_t i = 0; i < c->san.names.n; i++) {
        const cs_general_name *g = &c->san.names.items[i];
        cs_span m;
        if (g->type == CS_GN_RFC822)
            m = g->value;
        else if (g->type == CS_GN_OTHER_NAME && g->other_type == CS_OID_ON_SMTP_UTF8_MAILBOX)
            m = g->other_value;
        else
            continue;
        cs_span l, dom;
        if (smime_mailbox_split(m, &l, &dom) && dom.len && is_ascii(dom) && smime_host_is_internal(dom))
            return cs_fail(d, "mailbox domain \"%.*s\" is not a public registrable domain",
                           (int)(dom.len > 64 ? 64 : dom.len), (const char *)dom.p);
    }
    return CS_PASS;
}
CS_RULE(smime_san_mailbox_internal_domain) = {
    SMIME_META(smime_san_mailbox_internal_domain, WARNING, "SBR 3.2.2", SMIME_BR_START),
    .description = "SAN mailbox domain is an internal name (single label, reserved pseudo-TLD, "
                   "numeric TLD) or an address literal; heuristic without the PSL",
    .applies_to = "S/MIME subscriber certificates with subjectAltName",
    .zlint = NULL, .pkilint = "cabf.internal_domain_name",
    .applies = san_present, .check = check_mailbox_domain,
};
