/* The corpus findings in the reports (corpus/corpus.h): corpus_findings.csv,
 * the "corpus" object of summary.json, the HTML section, the per-issuer
 * count of issuers.csv, and the per-certificate lines of --findings.
 * Every output lists the findings in their sorted order, so the bytes do
 * not depend on the number of threads. */
#ifndef CS_REPORT_CORPUS_REPORT_H
#define CS_REPORT_CORPUS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/model.h"
#include "report/out.h"

/* Corpus findings whose issuer is the model's issuer i (report order). */
uint64_t cs_report_corpus_issuer_count(const cs_model *m, size_t i);

/* corpus_findings.csv. */
bool cs_report_corpus_csv(const cs_model *m, const char *dir, char *err, size_t err_size);
/* `  "corpus": {...},\n` for summary.json. */
void cs_report_corpus_json(cs_out *o, const cs_model *m);
/* <section id=corpus>. */
void cs_report_corpus_html(cs_out *o, const cs_model *m);

/* One JSON line per certificate named by a corpus finding, in SHA-256
 * order, appended to a --findings file (docs/findings.md).  False on
 * out-of-memory or a write error. */
bool cs_report_corpus_lines(FILE *f, const cs_tally *t);

#endif
