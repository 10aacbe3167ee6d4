/* A FILE * that writes gzip (see gzip_writer.h): glibc's fopencookie over
 * zlib's gzwrite. */
#include "util/gzip_writer.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

typedef struct gz_sink {
    gzFile gz;
    FILE *dest;
} gz_sink;

/* errno for a failed zlib call: zlib keeps the system's for Z_ERRNO. */
static void set_errno(gzFile gz)
{
    int zerr = Z_OK;
    gzerror(gz, &zerr);
    if (zerr != Z_ERRNO || errno == 0)
        errno = zerr == Z_MEM_ERROR ? ENOMEM : EIO;
}

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    gz_sink *s = cookie;
    size_t done = 0;
    while (done < n) {
        size_t chunk = n - done < (size_t)INT_MAX ? n - done : (size_t)INT_MAX;
        errno = 0;
        int w = gzwrite(s->gz, buf + done, (unsigned)chunk);
        if (w <= 0) {
            set_errno(s->gz);
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int sink_close(void *cookie)
{
    gz_sink *s = cookie;
    errno = 0;
    int zrc = gzclose_w(s->gz); /* ends the stream, closes its descriptor */
    int saved = zrc == Z_OK ? 0 : zrc == Z_ERRNO && errno ? errno : zrc == Z_MEM_ERROR ? ENOMEM : EIO;
    if (fclose(s->dest) != 0 && !saved)
        saved = errno ? errno : EIO;
    free(s);
    if (saved) {
        errno = saved;
        return -1;
    }
    return 0;
}

bool cs_gzip_wanted(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".gz") == 0;
}

FILE *cs_gzip_writer(FILE *dest)
{
    gz_sink *s = calloc(1, sizeof *s);
    int fd = -1, saved = ENOMEM;
    if (!s || fflush(dest) != 0)
        goto fail;
    /* gzclose_w closes the descriptor it was given: give it its own. */
    fd = dup(fileno(dest));
    if (fd < 0) {
        saved = errno;
        goto fail;
    }
    s->gz = gzdopen(fd, "wb");
    if (!s->gz)
        goto fail;
    fd = -1;
    gzbuffer(s->gz, 1u << 18);
    s->dest = dest;
    FILE *f = fopencookie(s, "w", (cookie_io_functions_t){ .write = sink_write, .close = sink_close });
    if (f)
        return f;
    gzclose_w(s->gz);
fail:
    if (fd >= 0)
        close(fd);
    free(s);
    fclose(dest);
    errno = saved;
    return NULL;
}
