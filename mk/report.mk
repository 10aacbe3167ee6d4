# Report layer extras (owned by the reports engineer).
#
#   make check-browser   builds a report from hostile certificates and one
#                        with 10,000 issuers, opens them in headless Chromium
#                        (Debian's package, installed if missing when root),
#                        checks that no injected script ran and that the page
#                        works, and saves screenshots under $(BUILD)/browser/.

HOSTILE_REPORT := $(BUILD)/browser/hostile-report

$(HOSTILE_REPORT): $(BUILD)/obj/tests/browser/hostile_report.o $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CG_LIB) $(STATIC_LIB) $(LIBS)

.PHONY: check-browser
check-browser: $(HOSTILE_REPORT)
	@sh tests/browser/check.sh $(abspath $(HOSTILE_REPORT)) $(abspath $(BUILD)/browser)
