/* The shared body of the rules that check the syntax of one kind of
 * GeneralName (RFC 5280, S/MIME and TLS rules alike): walk a list, ask a
 * syntax function (lint/name_syntax.h, or a rule family's own) about each
 * name of the kind, fail on the first one it rejects.  Pure and
 * allocation-free. */
#ifndef CS_LINT_GN_SYNTAX_H
#define CS_LINT_GN_SYNTAX_H

#include "lint/rule.h"

/* A name syntax: NULL when the value is valid, else a static reason. */
typedef const char *(*cs_syntax_fn)(cs_span value);

/* Fails with "<label> '<value>': <reason>" (value cut at 64 bytes) for the
 * first entry of `list` of `type` that `why` gives a reason for; passes
 * otherwise. */
cs_result cs_gn_syntax(const cs_gn_list *list, cs_detail *d, cs_gn_type type, const char *label, cs_syntax_fn why);

/* cs_gn_syntax over the subjectAltName. */
cs_result cs_san_syntax(const cs_cert *c, cs_detail *d, cs_gn_type type, const char *label, cs_syntax_fn why);

#endif
