# CT logs over HTTP (issue 17): the tests against local servers.
#
#   make check-ctlog   tests/ctlog/test_*.c: a static-ct-api log served by
#                      nginx, an RFC 6962 log served by
#                      tests/ctlog/rfc6962_server.py (python3) with faults;
#                      both on loopback ports, started and stopped by the
#                      tests.  Skipped (with a message) without nginx or
#                      python3.  Part of `make test` when both are there
#                      (not with CHECK_CTLOG=no: `make check`'s ASan pass).
#   make check-ctlog-asan  the same under ASan + UBSan (CI's ctlog step)
CTLOG_TEST_SRCS := $(sort $(wildcard tests/ctlog/test_*.c))
CTLOG_TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(CTLOG_TEST_SRCS))
CTLOG_ENV_OBJS  := $(call obj,tests/ctlog/ctlog_env.c)

$(BUILD)/tests/ctlog/%: $(BUILD)/obj/tests/ctlog/%.o $(CTLOG_ENV_OBJS) $(TESTLIB_OBJS) $(CG_LIB) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CTLOG_ENV_OBJS) $(TESTLIB_OBJS) $(CG_LIB) $(STATIC_LIB) $(LIBS) -lcriterion

.PHONY: check-ctlog check-ctlog-asan
CHECK_CTLOG ?= yes
ifeq ($(shell command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx && command -v python3 >/dev/null 2>&1 && echo yes),yes)
check-ctlog: $(CTLOG_TESTS) $(BIN) $(TOOLS)
	@PATH="$$PATH:/usr/sbin" $(TEST_ENV) sh tests/run.sh $(CTLOG_TESTS)
ifeq ($(CHECK_CTLOG),yes)
test: check-ctlog
endif
else
check-ctlog:
	@echo "check-ctlog: SKIPPED: nginx and python3 are needed (make deps installs nginx)"
endif

check-ctlog-asan:
	$(MAKE) $(ASAN_BUILD) check-ctlog

# make bench-ctlog [N=20000]: fetch-and-scan from local servers vs files.
.PHONY: bench-ctlog
bench-ctlog: all
	@sh bench/ctlog/run.sh $(BINDIR) $(or $(CTLOG_BENCH_N),20000)
