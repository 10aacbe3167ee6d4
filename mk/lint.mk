# The rule stage's benchmark (included by the Makefile).
#
#   make bench-lint       cs_lint's cost per certificate, warm, on
#                         CORPUS_DIR (default $(SHARED_DIR)/corpus/real);
#                         BENCH_ROUNDS rounds (default 10); BENCH_LINT_FLAGS=-r
#                         adds each rule's own cost, costliest first
.PHONY: bench-lint
LINT_BENCH := $(BUILD)/bench/bench-lint
bench-lint: $(LINT_BENCH)
	@if [ -d "$(or $(CORPUS_DIR),$(SHARED_DIR)/corpus/real)" ]; then \
	    $(LINT_BENCH) $(BENCH_LINT_FLAGS) "$(or $(CORPUS_DIR),$(SHARED_DIR)/corpus/real)" $(or $(BENCH_ROUNDS),10); \
	else echo "bench-lint: SKIPPED: no corpus at $(or $(CORPUS_DIR),$(SHARED_DIR)/corpus/real)"; fi
$(LINT_BENCH): $(BUILD)/obj/bench/lint/bench_lint.o $(BUILD)/obj/bench/lib/der_files.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(STATIC_LIB) $(LIBS)
