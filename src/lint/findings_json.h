/* One certificate's findings as one JSON line (JSON Lines).
 *
 * The line format of `certsweep scan --findings FILE` and of
 * `certsweep lint --json`; the schema is documented in docs/findings.md.
 * Every string that comes from the certificate (names, rule details that
 * quote it) is escaped: control characters as \uXXXX, invalid UTF-8 as
 * \ufffd, so a line is always valid JSON and valid UTF-8 whatever the
 * input bytes.  The output depends only on its arguments (no clock, no
 * locale), so a scan writes the same bytes for any thread count. */
#ifndef CS_LINT_FINDINGS_JSON_H
#define CS_LINT_FINDINGS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lint/ruleset.h"
#include "util/json_writer.h"
#include "x509/cert.h"

/* Where the certificate came from.  Unknown numbers are -1. */
typedef struct cs_findings_origin {
    const char *input;    /* input as named on the command line; NULL = "-" */
    const char *member;   /* archive member / file below a directory; NULL or "" = none */
    int64_t offset;       /* byte offset of the record in the (decompressed) member */
    int64_t line;         /* 1-based line (line formats, PEM) */
    int64_t ct_index;     /* CT log entry index */
    bool precert_entry;   /* the dump says it is a precertificate (CT precert_entry) */
} cs_findings_origin;

/* Appends one line (ending in "\n") for certificate c linted into r with
 * rs.  Only r->n_findings and r->findings[0 .. n_findings) are read.
 * Returns false on out-of-memory (b->failed). */
bool cs_findings_json(cs_json_buf *b, const cs_cert *c, const cs_lint_result *r,
                      const cs_ruleset *rs, const cs_findings_origin *o);

/* The same, written to a stream; false on out-of-memory or write error. */
bool cs_findings_json_write(FILE *out, const cs_cert *c, const cs_lint_result *r,
                            const cs_ruleset *rs, const cs_findings_origin *o);

#endif
