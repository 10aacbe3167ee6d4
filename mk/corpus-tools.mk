# corpus-tools: extra targets for the synthetic corpus generator.
#
#   make corpus N=1000000 SEED=1 FORMATS=all   -> build/corpus-N (timed)
.PHONY: corpus
N ?= 100000
SEED ?= 1
FORMATS ?= pem
corpus: $(BINDIR)/certsweep-gen
	@rm -rf $(BUILD)/corpus-$(N)
	time $(BINDIR)/certsweep-gen -n $(N) -m 12 -s $(SEED) -f $(FORMATS) -j $$(nproc) -o $(BUILD)/corpus-$(N)
