/* A report directory replaced as a set.
 *
 * Every report file is written into a temporary directory beside the
 * target (".NAME.tmpPID-N" in the same parent, so on the same file
 * system), each file fsync'ed as it is closed, then the set is swapped in
 * by rename: a new directory is renamed into place; an existing one is
 * exchanged with the new one atomically (renameat2 RENAME_EXCHANGE), the
 * entries of the old one that are not report files (a findings or state
 * file the user keeps there) being hard-linked into the new one first.
 * Until the swap the previous report is untouched; a failure before it
 * (disk full, a signal handled by the caller) leaves the previous
 * complete report, or none, and no temporary directory.
 *
 * When an atomic swap is not possible (the target holds subdirectories or
 * is the working directory, the file system cannot exchange, or its parent
 * is not writable and the temporary directory has to be made inside it),
 * the files are renamed one by one: the old summary.json and index.html
 * (the files that say a report is complete) are removed first and the new
 * ones renamed last, so an interruption in between leaves no file that
 * claims a complete report.
 *
 * A target that is a symbolic link to a directory is written through: its
 * target directory is the one replaced. */
#ifndef CS_REPORT_OUTDIR_H
#define CS_REPORT_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cs_outdir {
    char final[4096];   /* the directory replaced (symbolic links resolved) */
    char tmp[4096];     /* where the files are written */
    bool existed;       /* final existed at begin */
    bool inside;        /* tmp had to be made inside final */
} cs_outdir;

/* Creates the temporary directory (and the parents of dir).  False with
 * a message naming the directory. */
bool cs_outdir_begin(cs_outdir *d, const char *dir, char *err, size_t err_size);
/* Swaps the written set in (see above); on failure the temporary
 * directory is removed and the message names the cause. */
bool cs_outdir_commit(cs_outdir *d, char *err, size_t err_size);
/* Removes the temporary directory and what was written into it. */
void cs_outdir_abort(cs_outdir *d);

/* mkdir -p; false with a message naming the path that failed. */
bool cs_outdir_make(const char *dir, char *err, size_t err_size);

#endif
