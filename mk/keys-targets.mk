# Key mathematics extras (mk/keys.mk links GMP into everything built with
# $(LIBS)).
#
# The weak-key rules call src/keys: the fuzz targets' library, which holds
# every rule, needs those objects, and its binaries GMP.
$(FUZZ_LIB): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(wildcard src/keys/*.c))
$(FUZZ_BINS): PKG_LIBS += $(shell pkg-config --libs gmp 2>/dev/null || echo -lgmp)

# `make bench-keys` (also run by `make bench`): batch GCD time and memory
# at 100k and 1M moduli, the weak-key checks' cost per key
# (bench/keys/run.sh; results in bench/keys/RESULTS.md).
KEYS_BENCH := $(BUILD)/bench/keys_bench
$(KEYS_BENCH): $(BUILD)/obj/bench/keys/keys_bench.o $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CG_LIB) $(STATIC_LIB) $(LIBS)

.PHONY: bench-keys
bench-keys: $(KEYS_BENCH)
	@KEYS_BENCH=$(KEYS_BENCH) sh bench/keys/run.sh
