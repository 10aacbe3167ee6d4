# Scan pipeline extras (included by the Makefile).
#
#   make bench-scan     only the scan benchmark (bench/scan/run.sh)
#   make bench-throughput  certsweep and zlint side by side on the real
#                       corpus x REPS as a tar and a PEM stream
#                       (bench/throughput/run.sh; results: bench/scan/RESULTS.md)
#   make perf-scan      perf profile of a -j1 scan of the 1M-certificate
#                       bench corpus; report in bench/out/scan/perf.txt

.PHONY: bench-scan perf-scan bench-throughput
bench-scan: all
	@sh bench/scan/run.sh

bench-throughput: all $(BUILD)/bench/scan-bench
	@SCAN_BENCH=$(BUILD)/bench/scan-bench sh bench/throughput/run.sh

perf-scan: all
	@sh bench/scan/perf.sh

# The scan benchmark's driver: phase timings and pipeline statistics.
SCAN_BENCH := $(BUILD)/bench/scan-bench
.PHONY: scan-bench
scan-bench: $(SCAN_BENCH)
$(SCAN_BENCH): $(BUILD)/obj/bench/scan/driver.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(STATIC_LIB) $(LIBS)
