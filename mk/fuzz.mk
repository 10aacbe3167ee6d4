# Fuzzing: a libFuzzer target (clang, ASan + UBSan) for every decoder and
# parser that reads hostile input.
#
#   make fuzz                          build $(BUILD)/fuzz/fuzz_<target>
#   make fuzz-run FUZZ_SECONDS=600     run each target that long (add -j2 for two at once)
#   make fuzz-run FUZZ_TARGETS=lint    only some targets
#
#   fuzz_cert     the X.509 parser (cs_cert_parse, cs_tbs_parse)
#   fuzz_decode   cs_record_decode: base64, JSON, CT leaves and chains, tiles, CSV
#   fuzz_framers  cs_ingest_run on a file: libarchive, detection, every framer
#   fuzz_lint     every rule and the findings JSON line on whatever parses
#   fuzz_ctlog    CT log lists, log keys and checkpoint notes
#
# Corpora grow in $(BUILD)/fuzz/corpus/<target>/, seeded from
# $(SHARED_DIR)/corpus (SHARED_DIR: the Makefile; fuzz/seeds.sh turns it
# into dumps and records for framers and decode).  A crash, leak, timeout
# or broken invariant lands in $(BUILD)/fuzz/artifacts/<target>/; minimize it
#   $(BUILD)/fuzz/fuzz_<target> -minimize_crash=1 -runs=200000 \
#       -exact_artifact_path=fuzz/regress/<target>/<what-it-is> ARTIFACT
# and keep it there: tests/test_fuzz_regress.c (tests/test_x509_regress.c
# for cert) replays every file of fuzz/regress/<target>/ on `make test`.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 180
FUZZ_ALL     := cert decode framers lint ctlog
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link -Isrc $(PKG_CFLAGS) -MMD -MP
FUZZ_LIB_SRCS := $(sort $(wildcard src/util/*.c src/der/*.c src/x509/*.c src/ingest/*.c src/lint/*.c src/ctlog/*.c)) \
                 $(RULE_SRCS)
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRCS)) $(FUZZ_DIR)/obj/gen/rules_registry.o
FUZZ_LIB      := $(FUZZ_DIR)/libcertsweep-fuzz.a
FUZZ_BINS     := $(FUZZ_ALL:%=$(FUZZ_DIR)/fuzz_%)

# Per target: seed directories (read only: libFuzzer writes new inputs to
# the first corpus directory only) and the largest input.
FUZZ_SEEDS_cert    = $(SHARED_DIR)/corpus/real
FUZZ_SEEDS_lint    = $(SHARED_DIR)/corpus/real
FUZZ_SEEDS_decode  = $(FUZZ_DIR)/seeds/decode
FUZZ_SEEDS_framers = $(FUZZ_DIR)/seeds/framers
FUZZ_LEN_framers   = 65536
FUZZ_OPTS          = -rss_limit_mb=2048 -timeout=20
# libarchive sizes its read-ahead buffer from header fields before it
# knows the bytes are there (a cpio name length: up to 4 GiB, see
# fuzz/regress/framers/cpio-huge-namesize).  That memory is never touched
# and the read then fails cleanly, so only the RSS limit applies there.
FUZZ_OPTS_framers  = -malloc_limit_mb=8192

.PHONY: fuzz fuzz-run $(FUZZ_ALL:%=fuzz-run-%)
fuzz: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_DIR)/gen/rules_registry.c: FORCE
	@mkdir -p $(dir $@)
	@sh rules/gen-registry.sh $@ $(RULE_SRCS)

$(FUZZ_DIR)/obj/gen/rules_registry.o: $(FUZZ_DIR)/gen/rules_registry.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB) $(PKG_LIBS) -lm -pthread

# Real records for fuzz_decode are framed out of the seed dumps by a small
# tool built like the corpus tools.
$(FUZZ_DIR)/fuzz-seeds: $(BUILD)/obj/fuzz/seeds.o $(STATIC_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(STATIC_LIB) $(LIBS)

$(FUZZ_DIR)/seeds/done: fuzz/seeds.sh $(FUZZ_DIR)/fuzz-seeds $(BINDIR)/certsweep-convert
	sh fuzz/seeds.sh $(BINDIR)/certsweep-convert $(FUZZ_DIR)/fuzz-seeds $(SHARED_DIR) $(FUZZ_DIR)/seeds
	@touch $@

fuzz-run: $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-run-decode fuzz-run-framers: $(FUZZ_DIR)/seeds/done

$(FUZZ_ALL:%=fuzz-run-%): fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@mkdir -p $(FUZZ_DIR)/corpus/$* $(FUZZ_DIR)/artifacts/$*
	$< -max_total_time=$(FUZZ_SECONDS) -max_len=$(or $(FUZZ_LEN_$*),16384) $(FUZZ_OPTS) $(FUZZ_OPTS_$*) \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$*/ $(FUZZ_DIR)/corpus/$* $(wildcard fuzz/regress/$*) $(FUZZ_SEEDS_$*)

-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)
