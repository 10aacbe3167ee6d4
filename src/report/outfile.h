/* One output file (a state file, the findings), written so that it is
 * never half-replaced and never replaces what is not a file:
 *
 * - a regular file, or a path that does not exist yet, is replaced
 *   atomically: written to a temporary file beside it (".NAME.tmpPID"),
 *   fsync'ed, renamed over it; a failure leaves the previous file whole
 *   and removes the temporary one;
 * - a symbolic link is followed: its target is the file replaced as
 *   above (a link to a missing file is written through, creating it);
 * - anything else (a device such as /dev/null or /dev/full, a FIFO, a
 *   terminal, a socket; "-" for standard output), and any path under
 *   /dev or /proc (/dev/stdout may be the shell's regular file), is
 *   written through: opened and written directly, never renamed over,
 *   errors reported;
 * - a directory is refused. */
#ifndef CS_REPORT_OUTFILE_H
#define CS_REPORT_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cs_outfile {
    /* May be replaced by a stream that writes into it and closes it when
     * closed (a compressor): the close still syncs and renames the file. */
    FILE *f;
    int sync_fd;         /* the file, for fsync after f is closed; -1 when written through */
    char name[4096];     /* the path as given, or "standard output" */
    char target[4096];   /* the file renamed over; "" when written through */
    char tmp[4096 + 32];
} cs_outfile;

/* Opens path ("-" = standard output) for writing.  False with a message
 * naming it. */
bool cs_outfile_open(cs_outfile *o, const char *path, char *err, size_t err_size);
/* Flushes, checks every write, fsyncs and renames into place (or, written
 * through, just flushes and closes).  False with one message naming the
 * file and the cause; the temporary file is removed. */
bool cs_outfile_close(cs_outfile *o, char *err, size_t err_size);
/* Drops a file being written (after another error): the previous one
 * stays; a written-through one is only closed. */
void cs_outfile_abort(cs_outfile *o);

#endif
