/* A report directory replaced as a set (see outdir.h). */
#include "report/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMPLETE_MARKERS { "index.html", "summary.json" } /* renamed last, in this order */

bool cs_outdir_make(const char *dir, char *err, size_t err_size)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        snprintf(err, err_size, "%s: path too long", dir);
        return false;
    }
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                snprintf(err, err_size, "%s: cannot create directory: %s", path, strerror(errno));
                return false;
            }
            *p = c;
            if (!c)
                break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "%s: not a directory", dir);
        return false;
    }
    return true;
}

/* parent and last component of a path without trailing slashes. */
static void split(const char *path, char *parent, size_t parent_size, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(parent, parent_size, ".");
        *base = path;
    } else {
        snprintf(parent, parent_size, "%.*s", slash == path ? 1 : (int)(slash - path), path);
        *base = slash + 1;
    }
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static void sync_parent(const char *path)
{
    char parent[4096];
    const char *base;
    split(path, parent, sizeof parent, &base);
    sync_dir(parent);
}

/* Calls fn for every entry of dir but . and ..; stops when fn returns
 * false.  False when dir cannot be read or fn stopped. */
typedef bool (*entry_fn)(const char *dir, const char *name, void *ctx);
static bool each_entry(const char *dir, entry_fn fn, void *ctx)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            ok = fn(dir, de->d_name, ctx);
    closedir(d);
    return ok;
}

static bool join(char *buf, size_t size, const char *dir, const char *name)
{
    return snprintf(buf, size, "%s/%s", dir, name) < (int)size;
}

static bool remove_entry(const char *dir, const char *name, void *ctx)
{
    (void)ctx;
    char p[8192];
    if (join(p, sizeof p, dir, name))
        unlink(p);
    return true;
}

/* Removes a directory holding only files (what this module writes). */
static void remove_files_dir(const char *dir)
{
    each_entry(dir, remove_entry, NULL);
    rmdir(dir);
}

/* A new directory "PREFIX.tmpPID-N": made by mkdir, so it gets the mode
 * mkdir gives (the umask applies, unlike mkdtemp's 0700); then the mode
 * of the report it replaces, if any. */
static bool make_tmp(cs_outdir *d, const char *prefix, int keep_mode)
{
    for (unsigned n = 0; n < 1000; n++) {
        if (snprintf(d->tmp, sizeof d->tmp, "%s.tmp%ld-%u", prefix, (long)getpid(), n) >= (int)sizeof d->tmp) {
            errno = ENAMETOOLONG;
            return false;
        }
        if (mkdir(d->tmp, 0777) == 0) {
            if (keep_mode >= 0)
                chmod(d->tmp, (mode_t)keep_mode | S_IRWXU);
            return true;
        }
        if (errno != EEXIST)
            return false;
    }
    return false;
}

bool cs_outdir_begin(cs_outdir *d, const char *dir, char *err, size_t err_size)
{
    memset(d, 0, sizeof *d);
    int mode = -1;
    struct stat st;
    if (stat(dir, &st) == 0) {
        mode = (int)(st.st_mode & 07777);
        if (!S_ISDIR(st.st_mode)) {
            snprintf(err, err_size, "%s: not a directory", dir);
            return false;
        }
        if (!realpath(dir, d->final)) {
            snprintf(err, err_size, "%s: %s", dir, strerror(errno));
            return false;
        }
        d->existed = true;
    } else if (errno == ENOENT && lstat(dir, &st) == 0) {
        snprintf(err, err_size, "%s: a symbolic link to a missing directory", dir);
        return false;
    } else {
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            n--;
        if (n >= sizeof d->final) {
            snprintf(err, err_size, "%s: path too long", dir);
            return false;
        }
        memcpy(d->final, dir, n);
        d->final[n] = '\0';
    }
    char parent[4096];
    const char *base;
    split(d->final, parent, sizeof parent, &base);
    if (!d->existed && !cs_outdir_make(parent, err, err_size))
        return false;
    char prefix[8192];
    snprintf(prefix, sizeof prefix, "%s/.%s", strcmp(parent, "/") ? parent : "", base);
    if (make_tmp(d, prefix, mode))
        return true;
    int e = errno;
    /* The parent is not writable (-o /tmp as a user): write inside. */
    snprintf(prefix, sizeof prefix, "%s/.certsweep", d->final);
    if (d->existed && make_tmp(d, prefix, -1)) {
        d->inside = true;
        return true;
    }
    d->tmp[0] = '\0';
    snprintf(err, err_size, "%s: cannot create a temporary directory beside it: %s", dir, strerror(e));
    return false;
}

void cs_outdir_abort(cs_outdir *d)
{
    if (d->tmp[0])
        remove_files_dir(d->tmp);
    d->tmp[0] = '\0';
}

/* ---- the atomic swap ---------------------------------------------------- */

static bool no_subdirectory(const char *dir, const char *name, void *ctx)
{
    (void)ctx;
    char p[8192];
    struct stat st;
    return join(p, sizeof p, dir, name) && lstat(p, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* The swap moves the directory away under anyone inside it: not for the
 * working directory or one of its ancestors, nor a tree. */
static bool swappable(const cs_outdir *d)
{
    char cwd[4096];
    size_t n = strlen(d->final);
    if (!getcwd(cwd, sizeof cwd) || (strncmp(cwd, d->final, n) == 0 && (cwd[n] == '/' || cwd[n] == '\0')) ||
        strcmp(d->final, "/") == 0)
        return false;
    return each_entry(d->final, no_subdirectory, NULL);
}

/* An entry of the old directory that the new set does not replace is
 * hard-linked into the new one (same file, nothing copied). */
static bool link_foreign(const char *dir, const char *name, void *ctx)
{
    const cs_outdir *d = ctx;
    char from[8192], to[8192];
    struct stat st;
    if (!join(from, sizeof from, dir, name) || !join(to, sizeof to, d->tmp, name))
        return false;
    if (lstat(to, &st) == 0)
        return true; /* a report file: replaced */
    return link(from, to) == 0;
}

/* Undoes link_foreign: entries of tmp that are the same file as final's. */
static bool unlink_foreign(const char *dir, const char *name, void *ctx)
{
    const cs_outdir *d = ctx;
    char old[8192], copy[8192];
    struct stat a, b;
    if (join(old, sizeof old, dir, name) && join(copy, sizeof copy, d->tmp, name) && lstat(old, &a) == 0 &&
        lstat(copy, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        unlink(copy);
    return true;
}

static bool swap(cs_outdir *d)
{
    if (!each_entry(d->final, link_foreign, d)) {
        each_entry(d->final, unlink_foreign, d);
        return false;
    }
    if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->final, RENAME_EXCHANGE) != 0) {
        each_entry(d->final, unlink_foreign, d);
        return false;
    }
    remove_files_dir(d->tmp); /* the previous report, now at the temporary name */
    d->tmp[0] = '\0';
    sync_parent(d->final);
    return true;
}

/* ---- file by file ------------------------------------------------------ */

typedef struct moving {
    const cs_outdir *d;
    char *err;
    size_t err_size;
} moving;

static bool is_marker(const char *name)
{
    static const char *const markers[] = COMPLETE_MARKERS;
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (strcmp(name, markers[i]) == 0)
            return true;
    return false;
}

static bool move_one(const moving *m, const char *name)
{
    char from[8192], to[8192];
    if (!join(from, sizeof from, m->d->tmp, name) || !join(to, sizeof to, m->d->final, name)) {
        snprintf(m->err, m->err_size, "%s/%s: path too long", m->d->final, name);
        return false;
    }
    if (rename(from, to) != 0 && errno != ENOENT) {
        snprintf(m->err, m->err_size, "%s: cannot move into place: %s", to, strerror(errno));
        return false;
    }
    return true;
}

static bool move_unless_marker(const char *dir, const char *name, void *ctx)
{
    (void)dir;
    return is_marker(name) || move_one(ctx, name);
}

static bool file_by_file(cs_outdir *d, char *err, size_t err_size)
{
    static const char *const markers[] = COMPLETE_MARKERS;
    moving m = { d, err, err_size };
    char p[8192];
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (join(p, sizeof p, d->final, markers[i]) && unlink(p) != 0 && errno != ENOENT) {
            snprintf(err, err_size, "%s: cannot replace: %s", p, strerror(errno));
            return false;
        }
    if (!each_entry(d->tmp, move_unless_marker, &m)) {
        if (!*err)
            snprintf(err, err_size, "%s: cannot read: %s", d->tmp, strerror(errno));
        return false;
    }
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (!move_one(&m, markers[i]))
            return false;
    sync_dir(d->final);
    rmdir(d->tmp);
    d->tmp[0] = '\0';
    return true;
}

bool cs_outdir_commit(cs_outdir *d, char *err, size_t err_size)
{
    if (err_size)
        *err = '\0';
    sync_dir(d->tmp);
    bool ok;
    if (!d->existed) {
        ok = rename(d->tmp, d->final) == 0;
        if (ok) {
            d->tmp[0] = '\0';
            sync_parent(d->final);
        } else {
            snprintf(err, err_size, "%s: cannot move the report into place: %s", d->final, strerror(errno));
        }
    } else {
        ok = (!d->inside && swappable(d) && swap(d)) || file_by_file(d, err, err_size);
    }
    cs_outdir_abort(d);
    return ok;
}
