# What certsweep's dependencies cost alone on the throughput benchmark's
# inputs (bench/floor/bench_floor.c): libarchive reading the tar, the
# kernel reading the PEM, OpenSSL's SHA-256s of every certificate.
#
#   make bench-floor     on bench/out/throughput/real-x$(or $(REPS),40).{tar,pem}
#                        (made by bench/throughput/inputs.sh when missing)
.PHONY: bench-floor
FLOOR_BENCH := $(BUILD)/bench/bench-floor
bench-floor: $(FLOOR_BENCH)
	@sh bench/floor/run.sh
$(FLOOR_BENCH): $(BUILD)/obj/bench/floor/bench_floor.o $(BUILD)/obj/bench/lib/der_files.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(STATIC_LIB) $(LIBS)
