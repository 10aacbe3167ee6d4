# Ingest layer extras: `make bench-ingest` builds and runs the ingest
# benchmark (bench/ingest/run.sh; REPS= sets the corpus replication).
INGEST_BENCH := $(BUILD)/bench/ingest_bench
REPS ?= 20

$(INGEST_BENCH): $(BUILD)/obj/bench/ingest/ingest_bench.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(STATIC_LIB) $(LIBS)

.PHONY: bench-ingest
bench-ingest: $(INGEST_BENCH)
	@sh bench/ingest/run.sh $(INGEST_BENCH) $(REPS)
