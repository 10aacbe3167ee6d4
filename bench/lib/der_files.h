/* The benchmarks' certificate loader: every *.der file under a directory
 * (sub-directories included), read whole into memory. */
#ifndef CS_BENCH_DER_FILES_H
#define CS_BENCH_DER_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bench_der {
    uint8_t *der;
    size_t len;
} bench_der;

/* Loads the files under dir that keep() accepts (all of them when keep is
 * NULL) into a malloc'd array at *out; returns how many (0 on error or
 * when there are none). */
size_t bench_der_files(const char *dir, bool (*keep)(const uint8_t *der, size_t len), bench_der **out);

#endif
