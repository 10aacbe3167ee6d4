# Key mathematics extras (mk/keys.mk links GMP into everything built with
# $(LIBS)).
#
# The weak-key rules call src/keys: the fuzz targets' library, which holds
# every rule, needs those objects, and its binaries GMP.
$(FUZZ_LIB): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(wildcard src/keys/*.c))
$(FUZZ_BINS): PKG_LIBS += $(shell pkg-config --libs gmp 2>/dev/null || echo -lgmp)
