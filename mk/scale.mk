# Scale-out (issue 16, docs/scale-out.md): the sharded scan over the shared
# corpus on a real single-node Slurm cluster started and stopped by the test
# (as root: munged, slurmctld, slurmd), and with GNU parallel; each merged
# report must be byte for byte a single-process scan's.
.PHONY: check-slurm check-parallel
SCALE_INPUT = $(SHARED_DIR)/corpus/real

ifeq ($(wildcard $(SCALE_INPUT)),)
check-slurm check-parallel:
	@echo "$@: SKIPPED: no shared corpus at $(SCALE_INPUT) (set CERTSWEEP_SHARED=DIR)"
else
check-slurm: $(BIN)
	@if [ "$$(id -u)" != 0 ]; then echo "check-slurm: SKIPPED: starts munged, slurmctld and slurmd as root"; \
	else bash tests/slurm/check-slurm.sh $(BIN) $(SCALE_INPUT); fi

check-parallel: $(BIN)
	@bash tests/slurm/check-parallel.sh $(BIN) $(SCALE_INPUT)
endif
