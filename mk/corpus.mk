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

#   make bench-corpus     the collectors' cost per certificate beside the lint's
#                         (CORPUS_DIR, default $(SHARED_DIR)/corpus/real)
.PHONY: bench-corpus
CORPUS_BENCH := $(BUILD)/bench/bench-corpus
bench-corpus: $(CORPUS_BENCH)
	@if [ -d "$(or $(CORPUS_DIR),$(SHARED_DIR)/corpus/real)" ]; then \
	    $(CORPUS_BENCH) "$(or $(CORPUS_DIR),$(SHARED_DIR)/corpus/real)" $(or $(BENCH_ROUNDS),5); \
	else echo "bench-corpus: SKIPPED: no corpus at $(or $(CORPUS_DIR),$(SHARED_DIR)/corpus/real)"; fi
$(CORPUS_BENCH): $(BUILD)/obj/bench/corpus/bench_corpus.o $(BUILD)/obj/bench/lib/der_files.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(STATIC_LIB) $(LIBS)
