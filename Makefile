# certsweep — build, test, bench, demo, install.
#
#   make            build bin/certsweep, the libraries and corpus tools
#   make check      unit + end-to-end tests, then again under ASan+UBSan
#   make demo       scan the built-in demo corpus, write reports/demo/
#   make bench      benchmarks (bench/)
#   make install    PREFIX=/usr/local DESTDIR=
#   make deps       install missing Debian packages (as root) or name them
#
# Out-of-tree objects go to $(BUILD) (build/ by default); sanitizer and
# other variants use their own BUILD directory, so they never mix.

CC       ?= cc
BUILD    ?= build
BINDIR   ?= bin
PREFIX   ?= /usr/local
DESTDIR  ?=
VERSION  := 0.1.0

PKGS     := openssl libarchive zlib libpsl libidn2
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lssl -lcrypto -larchive -lz -lpsl -lidn2)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
SAN      ?=
SANFLAGS := $(if $(SAN),-fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all,)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) -fPIC -pthread \
             -Isrc -Iinclude -Icorpus-tools/lib -Itests/lib -I$(BUILD)/gen $(PKG_CFLAGS) -DCS_VERSION='"$(VERSION)"' -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread
LIBS     = $(PKG_LIBS) -lm

# --- sources -------------------------------------------------------------
LIB_SRCS  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
RULE_SRCS := $(sort $(wildcard rules/*/*.c))
CLI_SRCS  := $(sort $(wildcard src/cli/*.c))
CG_SRCS   := $(sort $(wildcard corpus-tools/lib/*.c))
TOOL_SRCS := $(sort $(wildcard corpus-tools/*.c))
TEST_SRCS := $(sort $(wildcard tests/test_*.c))
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

# Keep intermediate objects (tests, tools) so reruns do not rebuild them.
.SECONDARY:

.PHONY: all deps check test check-asan check-tsan demo bench install uninstall clean tests
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
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(STATIC_LIB) $(LIBS)

$(BINDIR)/certsweep-%: $(BUILD)/obj/corpus-tools/%.o $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CG_LIB) $(STATIC_LIB) $(LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TESTLIB_OBJS) $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TESTLIB_OBJS) $(CG_LIB) $(STATIC_LIB) $(LIBS) -lcriterion

tests: $(TESTS) $(BIN) $(TOOLS)

# Runs every test binary; prints one closing "N passed, N failed" line.
test: tests
	@CERTSWEEP=$(abspath $(BIN)) BINDIR=$(abspath $(BINDIR)) sh tests/run.sh $(TESTS)

# The README's test command: plain build, then ASan+UBSan build, both run.
check: deps
	$(MAKE) test
	$(MAKE) check-asan

check-asan:
	$(MAKE) BUILD=build/asan SAN=address,undefined OPT=-O1 BINDIR=build/asan/bin test

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

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/certsweep $(DESTDIR)$(PREFIX)/lib/libcertsweep.* \
	      $(DESTDIR)$(PREFIX)/include/certsweep.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/certsweep.pc

clean:
	rm -rf build bin reports/demo

# Extra targets owned by each layer (fuzz, bench, browser checks, ...).
-include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
