/* cs_report_write: every report file from one tally (see report.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "report/model.h"
#include "report/report.h"
#include "report/writers.h"

/* mkdir -p: the output directory may be nested and new. */
static bool make_dirs(const char *dir, char *err, size_t err_size)
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

bool cs_report_write(const cs_tally *t, const char *dir, char *err, size_t err_size)
{
    if (!make_dirs(dir, err, err_size))
        return false;
    cs_model m;
    if (!cs_model_build(&m, t)) {
        snprintf(err, err_size, "%s: out of memory building the report", dir);
        return false;
    }
    bool ok = cs_report_csv(&m, dir, err, err_size) && cs_report_json(&m, dir, err, err_size) &&
              cs_report_html(&m, dir, err, err_size);
    cs_model_free(&m);
    return ok;
}
