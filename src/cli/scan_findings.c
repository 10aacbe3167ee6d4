/* The findings file over rounds (scan_findings.h). */
#include "cli/scan_findings.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/outdir.h"
#include "util/gzip_writer.h"

/* Opens path to append to after cutting it back to what the state
 * recorded (`committed`; NULL: nothing, it starts empty). */
static bool open_appending(cs_scan_findings *f, const char *path, bool existed, off_t size, const uint64_t *committed,
                           char *err, size_t es)
{
    cs_outfile *o = &f->file;
    if (committed && existed && (uint64_t)size < *committed) {
        snprintf(err, es,
                 "%s: holds %lld bytes, fewer than the %llu of findings its state recorded: it is not that state's "
                 "findings file (remove it to start it afresh)",
                 path, (long long)size, (unsigned long long)*committed);
        return false;
    }
    if (committed && !existed && *committed > 0)
        fprintf(stderr, "certsweep scan: %s: not found: started afresh, without the findings of the earlier rounds\n",
                path);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    uint64_t keep = committed && existed ? *committed : 0;
    if (fd < 0 || ftruncate(fd, (off_t)keep) != 0 || lseek(fd, 0, SEEK_END) < 0 || (o->sync_fd = dup(fd)) < 0 ||
        !(o->f = fdopen(fd, "wb"))) {
        snprintf(err, es, "%s: cannot open to append: %s", path, strerror(errno));
        if (o->sync_fd >= 0)
            close(o->sync_fd);
        if (fd >= 0)
            close(fd);
        return false;
    }
    snprintf(o->name, sizeof o->name, "%s", path);
    f->appending = true;
    return true;
}

/* Compression (for .gz) and a large buffer: lines come in batches. */
static bool set_up_stream(cs_scan_findings *f, char *err, size_t es)
{
    if (f->gzip && !(f->file.f = cs_gzip_writer(f->file.f))) {
        snprintf(err, es, "%s: cannot compress: %s", f->file.name, strerror(errno));
        return false;
    }
    setvbuf(f->file.f, NULL, _IOFBF, 1 << 20);
    return true;
}

bool cs_scan_findings_open(cs_scan_findings *f, const char *path, const char *outdir, bool rounds,
                           const uint64_t *committed, char *err, size_t es)
{
    memset(f, 0, sizeof *f);
    f->file.sync_fd = -1;
    f->gzip = cs_gzip_wanted(path);
    /* It may be inside the report directory. */
    if (!cs_outdir_make(outdir, err, es))
        return false;
    struct stat st;
    bool existed = stat(path, &st) == 0;
    bool regular = existed ? S_ISREG(st.st_mode) : errno == ENOENT;
    bool through = strcmp(path, "-") == 0 || strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
    bool ok = rounds && regular && !through
                  ? open_appending(f, path, existed, existed ? st.st_size : 0, committed, err, es)
                  : cs_outfile_open(&f->file, path, err, es);
    if (ok && !set_up_stream(f, err, es)) {
        cs_scan_findings_abort(f);
        return false;
    }
    return ok;
}

bool cs_scan_findings_end_lines(cs_scan_findings *f, char *err, size_t es)
{
    cs_outfile *o = &f->file;
    if (o->sync_fd < 0)
        return true; /* written through: no length to record */
    /* gzip: the lines so far are one gzip member, the corpus lines the
     * next, so that the file can be cut between them. */
    FILE *s = o->f;
    errno = 0;
    bool ok = f->gzip ? (o->f = NULL, fclose(s) == 0) : fflush(s) == 0 && !ferror(s);
    off_t at = ok ? lseek(o->sync_fd, 0, SEEK_END) : -1;
    if (at < 0) {
        snprintf(err, es, "%s: cannot write: %s", o->name, strerror(errno ? errno : EIO));
        return false;
    }
    f->length = (uint64_t)at;
    f->length_set = true;
    if (f->gzip) {
        int fd = dup(o->sync_fd);
        if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
            snprintf(err, es, "%s: cannot write: %s", o->name, strerror(errno));
            if (fd >= 0)
                close(fd);
            return false;
        }
        return set_up_stream(f, err, es);
    }
    return true;
}

bool cs_scan_findings_close(cs_scan_findings *f, char *err, size_t es)
{
    return cs_outfile_close(&f->file, err, es);
}

void cs_scan_findings_abort(cs_scan_findings *f)
{
    cs_outfile_abort(&f->file);
}
