/* One output file, replaced atomically or written through (see outfile.h). */
#include "report/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates the temporary file beside target (umask applies, as for fopen). */
static int open_tmp(cs_outfile *o)
{
    const char *slash = strrchr(o->target, '/');
    int dir_len = slash ? (int)(slash - o->target + 1) : 0;
    if (snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.tmp%ld", dir_len, o->target, o->target + dir_len,
                 (long)getpid()) >= (int)sizeof o->tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST && unlink(o->tmp) == 0) /* left by a killed run with our pid */
        fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    return fd;
}

bool cs_outfile_open(cs_outfile *o, const char *path, char *err, size_t err_size)
{
    memset(o, 0, sizeof *o);
    o->sync_fd = -1;
    if (strcmp(path, "-") == 0) {
        snprintf(o->name, sizeof o->name, "standard output");
        o->f = stdout;
        return true;
    }
    if (snprintf(o->name, sizeof o->name, "%s", path) >= (int)sizeof o->name) {
        snprintf(err, err_size, "%.200s...: path too long", path);
        return false;
    }
    struct stat st;
    int fd;
    bool exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "%s: is a directory", path);
        return false;
    }
    /* /dev/stdout, /dev/fd/N, /proc/self/fd/N name an open file of ours
     * (maybe the shell's `>>`): written through even when it is regular. */
    bool ours = strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
    if (exists && S_ISREG(st.st_mode) && !ours) {
        if (!realpath(path, o->target)) {
            snprintf(err, err_size, "%s: %s", path, strerror(errno));
            return false;
        }
        fd = open_tmp(o);
        if (fd >= 0)
            fchmod(fd, st.st_mode & 07777); /* a private state file stays private */
    } else if (!exists && !ours && errno == ENOENT && lstat(path, &st) != 0) {
        snprintf(o->target, sizeof o->target, "%s", path);
        fd = open_tmp(o);
    } else {
        /* A device, FIFO, socket, dangling symbolic link or one of ours:
         * written through.  Ours is appended to, as the shell opened it
         * (after `>` it is empty anyway). */
        fd = open(path, O_WRONLY | O_CLOEXEC | (ours ? O_APPEND : O_CREAT | O_TRUNC), 0666);
    }
    if (fd < 0 || (o->target[0] && (o->sync_fd = dup(fd)) < 0) || !(o->f = fdopen(fd, "wb"))) {
        snprintf(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        if (o->sync_fd >= 0)
            close(o->sync_fd);
        if (o->target[0])
            unlink(o->tmp);
        return false;
    }
    return true;
}

bool cs_outfile_close(cs_outfile *o, char *err, size_t err_size)
{
    /* After a failed fwrite errno still says why (ferror() alone does not). */
    int saved = ferror(o->f) ? errno : 0;
    errno = 0;
    bool ok = fflush(o->f) == 0 && !ferror(o->f);
    if (!ok && errno)
        saved = errno;
    if (o->f != stdout && fclose(o->f) != 0 && ok)
        ok = false, saved = errno;
    o->f = NULL;
    if (ok && o->sync_fd >= 0 && fsync(o->sync_fd) != 0)
        ok = false, saved = errno;
    if (o->sync_fd >= 0)
        close(o->sync_fd);
    o->sync_fd = -1;
    if (ok && o->target[0] && rename(o->tmp, o->target) != 0)
        ok = false, saved = errno;
    if (!ok) {
        /* ferror() after a failed write whose buffer is gone has no errno left. */
        snprintf(err, err_size, "%s: cannot write: %s", o->name, strerror(saved ? saved : EIO));
        if (o->target[0])
            unlink(o->tmp);
    }
    return ok;
}

void cs_outfile_abort(cs_outfile *o)
{
    /* Also after the stream itself is gone (a failed compressing wrapper
     * closes it): the descriptor and the temporary file are still ours. */
    if (o->f && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->sync_fd >= 0)
        close(o->sync_fd);
    o->sync_fd = -1;
    if (o->target[0])
        unlink(o->tmp);
    o->target[0] = '\0';
}
