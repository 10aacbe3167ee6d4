# Corpus-level checks: signature verification and the corpus collectors
# (included by the Makefile).
#
#   make bench-sigverify  cost of one signature verification per issuer key
#                         type, beside the cost of the whole lint

.PHONY: bench-sigverify
SIGVERIFY_BENCH := $(BUILD)/bench/bench-sigverify
bench-sigverify: $(SIGVERIFY_BENCH)
	@$(SIGVERIFY_BENCH) $(or $(BENCH_SECONDS),1)
$(SIGVERIFY_BENCH): $(BUILD)/obj/bench/sigverify/bench_sigverify.o $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CG_LIB) $(STATIC_LIB) $(LIBS)
