# Parser extras (issue 3): libFuzzer target and the parse benchmark.
#
#   make fuzz                 build build/fuzz/fuzz_cert (needs clang)
#   make fuzz-run FUZZ_SECONDS=300   seed from the shared corpus and run
#   make bench-parse          certsweep parser vs OpenSSL d2i_X509
#
# Crashers worth keeping go to fuzz/regress/; tests/test_x509_regress.c
# parses each of them on every `make test`.

PARSER_SRCS  := $(sort $(wildcard src/der/*.c src/x509/*.c))
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 180
SHARED_DIR   ?= $(if $(CERTSWEEP_SHARED),$(CERTSWEEP_SHARED),../shared)

.PHONY: fuzz fuzz-run bench-parse
fuzz: build/fuzz/fuzz_cert

build/fuzz/fuzz_cert: fuzz/fuzz_cert.c $(PARSER_SRCS) $(wildcard src/der/*.h src/x509/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -Isrc fuzz/fuzz_cert.c $(PARSER_SRCS) -o $@ -lcrypto -pthread

fuzz-run: build/fuzz/fuzz_cert
	@mkdir -p build/fuzz/corpus build/fuzz/artifacts
	@if [ -z "$$(ls build/fuzz/corpus 2>/dev/null | head -1)" ]; then \
	    find $(SHARED_DIR)/corpus/real -name '*.der' | head -3000 | xargs -I{} cp {} build/fuzz/corpus/; fi
	build/fuzz/fuzz_cert -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=5 \
	    -artifact_prefix=build/fuzz/artifacts/ build/fuzz/corpus fuzz/regress

build/bench/bench_parse: bench/parse/bench_parse.c $(PARSER_SRCS) $(wildcard src/der/*.h src/x509/*.h)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g -Isrc bench/parse/bench_parse.c $(PARSER_SRCS) \
	    -o $@ -lcrypto -pthread

bench-parse: build/bench/bench_parse
	build/bench/bench_parse $(SHARED_DIR)/corpus/real
