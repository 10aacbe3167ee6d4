/* Output files for the report writers, and escaping for each syntax.
 * The writers create their files in a directory that cs_report_write()
 * swaps in as a whole when every file is complete (report/outdir.h), so
 * a file here is written in place and only has to be complete and on
 * disk when closed. */
#ifndef CS_REPORT_OUT_H
#define CS_REPORT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A report file is written through a buffer of the writer's own, and
 * numbers are formatted here: a report is some 160,000 numbers and 80,000
 * lines, and a stdio call each (printf parsing its format each time) was
 * most of writing it.  A cs_out may also be set up on an open FILE
 * ({ .f = f }): it then writes through stdio. */
typedef struct cs_out {
    FILE *f;
    char *buf;      /* cs_out_open's buffer (NULL: stdio's) */
    size_t len;     /* bytes in buf */
    bool failed;    /* a text could not be formatted (out of memory) */
    char path[4096];
} cs_out;

/* Creates dir/name.  False with a message. */
bool cs_out_open(cs_out *o, const char *dir, const char *name, char *err, size_t err_size);
/* Flushes, checks for write errors, fsyncs and closes.  False with a
 * message naming the file (which is removed). */
bool cs_out_close(cs_out *o, char *err, size_t err_size);
/* Drops a file being written (after another error). */
void cs_out_abort(cs_out *o);

/* n bytes of s. */
void cs_out_put(cs_out *o, const char *s, size_t n);
/* Inline, so that a literal's length is known when compiled. */
static inline void cs_out_puts(cs_out *o, const char *s) { cs_out_put(o, s, strlen(s)); }
/* For what is written once per file or per issuer; numbers in loops go
 * through cs_out_u64. */
void cs_out_printf(cs_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal, as "%llu". */
void cs_out_u64(cs_out *o, uint64_t v);
/* a/b as a decimal with 6 digits ("0.250000"); "0.000000" when b == 0. */
void cs_out_ratio(cs_out *o, uint64_t a, uint64_t b);
void cs_out_hex(cs_out *o, const uint8_t *p, size_t len);

/* A CSV text cell: always quoted (RFC 4180), and a value a spreadsheet
 * would run as a formula (starting with = + - @ TAB CR LF) is prefixed with
 * a single quote. */
void cs_out_csv(cs_out *o, const char *s);
/* A JSON string literal, quotes included (util/json_writer.h); <, > and &
 * are written as \u escapes too, so that it is safe inside <script>. */
void cs_out_json(cs_out *o, const char *s);
/* HTML text or attribute value: & < > " ' escaped; at most max_chars
 * characters (0 = no limit), cut with an ellipsis. */
void cs_out_html(cs_out *o, const char *s, size_t max_chars);

#endif
