/* cs_report_write: every report file from one tally, replaced as a set
 * (see report.h, outdir.h). */
#include <stdio.h>
#include <string.h>

#include "corpus/corpus.h"
#include "report/model.h"
#include "report/corpus_report.h"
#include "report/outdir.h"
#include "report/report.h"
#include "report/writers.h"

/* The writers name the file in the temporary directory: name the report's. */
static void name_final(const cs_outdir *d, char *err, size_t err_size)
{
    size_t n = strlen(d->tmp);
    if (n && strncmp(err, d->tmp, n) == 0) {
        char rest[1024];
        snprintf(rest, sizeof rest, "%s", err + n);
        snprintf(err, err_size, "%s%s", d->final, rest);
    }
}

bool cs_report_write(const cs_tally *t, const char *dir, char *err, size_t err_size)
{
    if (t->corpus && !cs_corpus_finish(t->corpus, err, err_size))
        return false;
    cs_model m;
    if (!cs_model_build(&m, t)) {
        snprintf(err, err_size, "%s: out of memory building the report", dir);
        return false;
    }
    cs_outdir d;
    bool ok = cs_outdir_begin(&d, dir, err, err_size);
    if (ok) {
        ok = cs_report_csv(&m, d.tmp, err, err_size) && cs_report_corpus_csv(&m, d.tmp, err, err_size) &&
             cs_report_json(&m, d.tmp, err, err_size) && cs_report_html(&m, d.tmp, err, err_size);
        if (ok) {
            ok = cs_outdir_commit(&d, err, err_size);
        } else {
            name_final(&d, err, err_size);
            cs_outdir_abort(&d);
        }
    }
    cs_model_free(&m);
    return ok;
}
