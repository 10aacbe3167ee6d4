# Parser extras (issue 3): the parse benchmark.  Its fuzz target,
# fuzz_cert, is built and run with the others (mk/fuzz.mk).
#
#   make bench-parse          certsweep parser vs OpenSSL d2i_X509

PARSER_SRCS  := src/util/utf8.c src/util/pem.c $(sort $(wildcard src/der/*.c src/x509/*.c))

.PHONY: bench-parse

build/bench/bench_parse: bench/parse/bench_parse.c bench/lib/der_files.c $(PARSER_SRCS) $(wildcard src/der/*.h src/x509/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g -Isrc bench/parse/bench_parse.c bench/lib/der_files.c $(PARSER_SRCS) \
	    -o $@ -lcrypto -pthread

bench-parse: build/bench/bench_parse
	build/bench/bench_parse $(SHARED_DIR)/corpus/real
