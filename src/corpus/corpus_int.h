/* Inside a corpus collector (src/corpus only). */
#ifndef CS_CORPUS_INT_H
#define CS_CORPUS_INT_H

#include "corpus/corpus.h"
#include "corpus/extsort.h"
#include "corpus/record.h"

struct cs_corpus {
    cs_extsort *serials;     /* cs_serial_record */
    cs_extsort *keys;        /* cs_key_record */
    cs_extsort *moduli;      /* cs_modulus_record */
    uint64_t certificates;   /* certificates added (and merged) */
    uint64_t moduli_skipped; /* RSA moduli above CS_MODULUS_MAX octets */
    bool incomplete;         /* a merged part had no corpus data */
    bool shared_primes;      /* run the batch GCD when finishing */
    bool rsa_moduli;         /* moduli are collected (cs_corpus_new_ex) */
    cs_corpus_results *results; /* after cs_corpus_finish */
    EVP_MD_CTX *md;          /* reused for every certificate's TBS fingerprint */
    cs_serial_record *pending_serial; /* between cs_corpus_begin and _end: made, not yet committed */
};

/* Computes the findings from the sorted records (corpus/evaluate.c). */
bool cs_corpus_evaluate(cs_corpus *c, cs_corpus_results *r, char *err, size_t err_size);

#endif
