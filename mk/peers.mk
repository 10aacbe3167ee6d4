# Differential testing against the peer linters (zlint, pkilint, x509lint).
#
#   make check-peers   generate the matrix corpus (certsweep-matrix), run
#                      certsweep and the three peers over it and over
#                      ../shared/corpus/real, check the matrix ground truth,
#                      compare finding by finding through the cross-references,
#                      write docs/peer-agreement.md; fails on a ground-truth
#                      miss or a disagreement not in tests/peers/triage.tsv.
# Needs ../shared/peers (skipped with a message when absent) and python3.
SHARED ?= ../shared
PEERS_WORK ?=

.PHONY: check-peers
check-peers: $(BIN) $(BINDIR)/certsweep-matrix
	@if [ ! -d "$(SHARED)/peers" ] || [ ! -d "$(SHARED)/corpus/real" ]; then \
	    echo "check-peers: skipped: $(SHARED)/peers or $(SHARED)/corpus/real is absent (the peer linters and the real corpus live there)"; \
	    exit 0; \
	fi; \
	nice python3 -B tests/peers/check_peers.py --certsweep "$(abspath $(BIN))" \
	    --matrix-tool "$(abspath $(BINDIR)/certsweep-matrix)" --shared "$(SHARED)" \
	    $(if $(PEERS_WORK),--work "$(PEERS_WORK)",)
