/* The findings file over rounds (scan_findings.h). */
#include "cli/scan_findings.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/outdir.h"
#include "util/gzip_writer.h"
#include "x509/digest.h"

/* The mark of the file behind fd at `length`: false (errno set) when the
 * bytes before it cannot be read. */
static bool mark_at(int fd, uint64_t length, cs_tally_findings_mark *m)
{
    uint8_t tail[CS_FINDINGS_TAIL];
    size_t n = length < sizeof tail ? (size_t)length : sizeof tail;
    if (pread(fd, tail, n, (off_t)(length - n)) != (ssize_t)n) {
        if (errno == 0)
            errno = EIO;
        return false;
    }
    m->length = length;
    cs_digest(CS_DIGEST_SHA256, tail, n, m->tail_sha256);
    return true;
}

/* Opens path to append to, after cutting it back to the state's mark
 * (`committed`; NULL: nothing, it starts empty). */
static bool open_appending(cs_scan_findings *f, const char *path, bool existed, const cs_tally_findings_mark *committed,
                           char *err, size_t es)
{
    cs_outfile *o = &f->file;
    if (committed && !existed && committed->length > 0)
        fprintf(stderr, "certsweep scan: %s: not found: started afresh, without the findings of the earlier rounds\n",
                path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666); /* read too: the mark is checked */
    struct stat st;
    cs_tally_findings_mark there;
    errno = 0;
    if (fd >= 0 && committed && existed &&
        (fstat(fd, &st) != 0 || (uint64_t)st.st_size < committed->length ||
         !mark_at(fd, committed->length, &there) || memcmp(there.tail_sha256, committed->tail_sha256, 32) != 0)) {
        snprintf(err, es,
                 "%s: does not hold the %llu bytes of findings its state recorded: it is not that state's findings "
                 "file (remove it to start it afresh)",
                 path, (unsigned long long)committed->length);
        close(fd);
        return false;
    }
    off_t keep = committed && existed ? (off_t)committed->length : 0;
    if (fd < 0 || ftruncate(fd, keep) != 0 || lseek(fd, 0, SEEK_END) < 0 || (o->sync_fd = dup(fd)) < 0 ||
        !(o->f = fdopen(fd, "wb"))) {
        snprintf(err, es, "%s: cannot open to append: %s", path, strerror(errno));
        if (o->sync_fd >= 0)
            close(o->sync_fd);
        if (fd >= 0)
            close(fd);
        return false;
    }
    snprintf(o->name, sizeof o->name, "%s", path);
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
                           const cs_tally_findings_mark *committed, char *err, size_t es)
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
    bool ok = rounds && regular && !through ? open_appending(f, path, existed, committed, err, es)
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
        return true; /* written through: no mark */
    errno = 0;
    bool ok;
    if (f->gzip) {
        /* The lines so far are one gzip member, the corpus lines the
         * next, so that the file can be cut between them. */
        ok = fclose(o->f) == 0;
        o->f = NULL;
    } else {
        ok = fflush(o->f) == 0 && !ferror(o->f);
    }
    off_t end = ok ? lseek(o->sync_fd, 0, SEEK_END) : -1;
    /* The file as written so far (a replaced one: its temporary file),
     * read through a descriptor of its own: sync_fd may be write-only. */
    int rfd = end < 0 ? -1 : open(o->target[0] ? o->tmp : o->name, O_RDONLY | O_CLOEXEC);
    ok = rfd >= 0 && mark_at(rfd, (uint64_t)end, &f->mark);
    if (rfd >= 0)
        close(rfd);
    if (!ok) {
        snprintf(err, es, "%s: cannot write: %s", o->name, strerror(errno ? errno : EIO));
        return false;
    }
    f->mark_set = true;
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
