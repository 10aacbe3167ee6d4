# certsweep — build, test, bench, demo, install.
#
#   make            build bin/certsweep, the libraries and corpus tools
#   make check      unit + end-to-end tests, then again under ASan+UBSan;
#                   needs only this tree (real certificates: tests/data/)
#   make check-corpus  the tests over the whole shared corpus (tests/corpus/,
#                   $(SHARED_DIR), default ../shared); skipped without it
#   make demo       scan the built-in demo corpus, write reports/demo/
#   make bench      benchmarks (bench/)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       install missing Debian packages (as root) or name them
#
# Out-of-tree objects go to $(BUILD) (build/ by default); sanitizer and
# other variants use their own BUILD directory, so they never mix.
#
# Parallel by default, one job per CPU: `make JOBS=1` or `make -j1` (any
# -jN on the command line wins) to change it.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(JOBS)
endif
# `make clean all` must not build while it deletes.
ifneq ($(filter clean,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif

CC       ?= cc
BUILD    ?= build
BINDIR   ?= bin
PREFIX   ?= /usr/local
DESTDIR  ?=
VERSION  := 0.1.0
# The shared corpus, peers and standards (not part of the repository).
SHARED_DIR ?= $(if $(CERTSWEEP_SHARED),$(CERTSWEEP_SHARED),../shared)

PKGS     := openssl libarchive zlib libzstd libpsl libidn2
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lssl -lcrypto -larchive -lz -lzstd -lpsl -lidn2)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
SAN      ?=
SANFLAGS := $(if $(SAN),-fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all,)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) -fPIC -pthread \
             -Isrc -Iinclude -Icorpus-tools/lib -Itests/lib -I$(BUILD)/gen $(PKG_CFLAGS) -DCS_VERSION='"$(VERSION)"' -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread
LIBS     = $(PKG_LIBS) -lm
CURL_LIBS := $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)

# --- sources -------------------------------------------------------------
# src/fetch (CT logs over HTTP, libcurl) goes into the command only: the
# library and its pkg-config file stay free of libcurl (docs/design.md).
LIB_SRCS  := $(sort $(filter-out src/cli/% src/fetch/%,$(wildcard src/*/*.c)))
RULE_SRCS := $(sort $(wildcard rules/*/*.c))
CLI_SRCS  := $(sort $(wildcard src/cli/*.c src/fetch/*.c))
CG_SRCS   := $(sort $(wildcard corpus-tools/lib/*.c))
TOOL_SRCS := $(sort $(wildcard corpus-tools/*.c))
TEST_SRCS := $(sort $(wildcard tests/test_*.c))
CORPUS_TEST_SRCS := $(sort $(wildcard tests/corpus/test_*.c))
TESTLIB_SRCS := $(sort $(wildcard tests/lib/*.c))

REGISTRY  := $(BUILD)/gen/rules_registry.c
obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_OBJS  := $(call obj,$(LIB_SRCS) $(RULE_SRCS)) $(BUILD)/obj/gen/rules_registry.o
CLI_OBJS  := $(call obj,$(CLI_SRCS))
CG_OBJS   := $(call obj,$(CG_SRCS))
TESTLIB_OBJS := $(call obj,$(TESTLIB_SRCS))

STATIC_LIB := $(BUILD)/libcertsweep.a
SHARED_LIB := $(BUILD)/libcertsweep.so
EXPORTS_MAP := scripts/libcertsweep.map
CG_LIB     := $(BUILD)/libcertgen.a
BIN        := $(BINDIR)/certsweep
TOOLS      := $(patsubst corpus-tools/%.c,$(BINDIR)/certsweep-%,$(TOOL_SRCS))
TESTS      := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
CORPUS_TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(CORPUS_TEST_SRCS))

# Keep intermediate objects (tests, tools) so reruns do not rebuild them.
.SECONDARY:

.PHONY: all deps check check-corpus test check-asan check-tsan demo bench install uninstall clean tests
all: $(BIN) $(TOOLS) $(STATIC_LIB) $(SHARED_LIB)

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/gen/rules_registry.o: $(REGISTRY)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Regenerated on every build (cheap); only rewritten when the rule list changed.
.PHONY: FORCE
$(REGISTRY): FORCE
	@mkdir -p $(dir $@)
	@sh rules/gen-registry.sh $@ $(RULE_SRCS)

$(STATIC_LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# Exports only the csw_* API (the version script hides everything else).
$(SHARED_LIB): $(LIB_OBJS) $(EXPORTS_MAP)
	$(CC) -shared -Wl,-soname,libcertsweep.so.0 -Wl,--version-script=$(EXPORTS_MAP) $(ALL_LDFLAGS) \
	    -o $@ $(LIB_OBJS) $(LIBS)

$(CG_LIB): $(CG_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(STATIC_LIB) $(LIBS) $(CURL_LIBS)

$(BINDIR)/certsweep-%: $(BUILD)/obj/corpus-tools/%.o $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CG_LIB) $(STATIC_LIB) $(LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TESTLIB_OBJS) $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TESTLIB_OBJS) $(CG_LIB) $(STATIC_LIB) $(LIBS) -lcriterion

tests: $(TESTS) $(BIN) $(TOOLS)

TEST_ENV = CERTSWEEP=$(abspath $(BIN)) BINDIR=$(abspath $(BINDIR))

# Runs every test binary; closes with "N passed, N failed, N skipped".
test: tests
	@$(TEST_ENV) sh tests/run.sh $(TESTS)

# The README's test command: plain build, then ASan+UBSan build, both run
# whatever the first gives; one closing line for both, and a non-zero exit
# if anything failed.  A pass that fails before its tests run (a build
# error, check-embed) counts as one failure.  The CT log suites (servers
# and processes, slow under ASan) run in the plain pass only; CI runs them
# under ASan+UBSan in a step of their own (make check-ctlog-asan,
# mk/ctlog.mk).
CHECK_TALLY = $(abspath $(BUILD))/check-tally
check: deps
	@mkdir -p $(BUILD); rm -f $(CHECK_TALLY); \
	for pass in test "check-asan CHECK_CTLOG=no"; do \
	    before=$$(cat $(CHECK_TALLY) 2>/dev/null | wc -l); \
	    CS_TEST_TALLY=$(CHECK_TALLY) $(MAKE) --no-print-directory $$pass || \
	    if [ "$$(cat $(CHECK_TALLY) 2>/dev/null | wc -l)" = "$$before" ]; then \
	        echo "!! make $$pass failed before its tests ran"; echo "0 1 0 0" >> $(CHECK_TALLY); fi; \
	done; \
	echo "== make check: the plain pass, then ASan + UBSan (all but the CT log suites: make check-ctlog-asan)"; \
	sh tests/run.sh --total $(CHECK_TALLY)

# The tests that need the whole shared corpus (golden file, oracle, totals).
ifeq ($(wildcard $(SHARED_DIR)/corpus/real),)
check-corpus:
	@echo "check-corpus: SKIPPED: no shared corpus at $(SHARED_DIR)/corpus (set CERTSWEEP_SHARED=DIR);" \
	    "the tests of tests/corpus/ need it"
else
check-corpus: $(CORPUS_TESTS) $(BIN) $(TOOLS)
	@$(TEST_ENV) CERTSWEEP_SHARED=$(abspath $(SHARED_DIR)) sh tests/run.sh $(CORPUS_TESTS)
endif

ASAN_BUILD = BUILD=build/asan SAN=address,undefined OPT=-O1 BINDIR=build/asan/bin
check-asan:
	$(MAKE) $(ASAN_BUILD) test

check-tsan:
	$(MAKE) BUILD=build/tsan SAN=thread OPT=-O1 CC=clang BINDIR=build/tsan/bin test

demo: deps
	$(MAKE) all
	@sh scripts/demo.sh

bench: all
	@sh bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/certsweep
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(PREFIX)/lib/libcertsweep.a
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(PREFIX)/lib/libcertsweep.so.0
	ln -sf libcertsweep.so.0 $(DESTDIR)$(PREFIX)/lib/libcertsweep.so
	@if [ -f include/certsweep.h ]; then install -m 644 include/certsweep.h $(DESTDIR)$(PREFIX)/include/certsweep.h; fi
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' scripts/certsweep.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/certsweep.pc
	$(RUN_LDCONFIG)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/certsweep $(DESTDIR)$(PREFIX)/lib/libcertsweep.* \
	      $(DESTDIR)$(PREFIX)/include/certsweep.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/certsweep.pc
	$(RUN_LDCONFIG)

# Installed into the system itself (no DESTDIR staging root) as root: the
# dynamic linker's cache must learn of libcertsweep.so.0.
RUN_LDCONFIG = @if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
	echo ldconfig; ldconfig; fi

clean:
	rm -rf build bin reports/demo

# Extra targets owned by each layer (fuzz, bench, browser checks, ...).
-include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
