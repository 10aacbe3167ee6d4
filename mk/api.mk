# The public library API (issue 10): checks of the installed library.
#
#   make check-header   include/certsweep.h compiles alone, -std=c11 -pedantic, C and C++
#   make check-embed    make install into a staging root, then build
#                       examples/embed.c with pkg-config against it (shared
#                       and static) and run both on a certificate.  The static
#                       link takes libcertsweep.a and the system libraries'
#                       shared objects: `pkg-config --static` would want
#                       static archives of libarchive's own dependencies
#
# check-embed is part of `make test` for unsanitized builds (a sanitized
# libcertsweep cannot be linked by a plain program).

EMBED_ROOT   := $(abspath $(BUILD)/embed-root)
EMBED_PC     := PKG_CONFIG_PATH=$(EMBED_ROOT)/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$(EMBED_ROOT)
EMBED_INPUT  := $(firstword $(wildcard ../shared/corpus/real/debian-ca-certificates/*.der))
HEADER_FLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -Wstrict-prototypes -Wmissing-prototypes -fsyntax-only

.PHONY: check-header check-embed
check-header:
	$(CC) $(HEADER_FLAGS) -x c include/certsweep.h
	@if command -v c++ >/dev/null 2>&1; then \
	    echo 'c++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ include/certsweep.h'; \
	    c++ -std=c++11 -Wall -Wextra -Werror -pedantic -fsyntax-only -x c++ include/certsweep.h; fi

# After `all`, so that the nested make finds everything built (no race under -j).
check-embed: check-header all
	rm -rf $(EMBED_ROOT)
	$(MAKE) --no-print-directory install DESTDIR=$(EMBED_ROOT) PREFIX=/usr >/dev/null
	$(CC) -std=c11 -Wall -Wextra -Werror -pedantic -o $(BUILD)/embed-shared examples/embed.c \
	    $$($(EMBED_PC) pkg-config --cflags --libs certsweep)
	$(CC) -std=c11 -Wall -Wextra -Werror -pedantic -o $(BUILD)/embed-static examples/embed.c \
	    $$($(EMBED_PC) pkg-config --cflags certsweep) $(EMBED_ROOT)/usr/lib/libcertsweep.a \
	    $(PKG_LIBS) -pthread -lm
	@in='$(EMBED_INPUT)'; \
	if [ -z "$$in" ]; then \
	    in=$(BUILD)/embed-input.der; \
	    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
	        -subj /CN=embed.example -days 30 -outform DER -out $$in 2>/dev/null; \
	fi; \
	for kind in shared static; do \
	    LD_LIBRARY_PATH=$(EMBED_ROOT)/usr/lib $(BUILD)/embed-$$kind "$$in" > $(BUILD)/embed-$$kind.out; st=$$?; \
	    if [ $$st -gt 1 ] || ! grep -q '^libcertsweep $(VERSION), ' $(BUILD)/embed-$$kind.out \
	       || ! grep -q '^{"sha256":"' $(BUILD)/embed-$$kind.out; then \
	        echo "check-embed: embed-$$kind failed (exit $$st)"; cat $(BUILD)/embed-$$kind.out; exit 1; fi; \
	done; \
	if [ "$$(readelf -d $(BUILD)/embed-shared | grep -c 'libcertsweep.so.0')" != 1 ]; then \
	    echo "check-embed: embed-shared does not use libcertsweep.so.0"; exit 1; fi; \
	echo "check-embed: examples/embed.c built against the installed library (shared and static) and ran on $$in"

ifeq ($(SAN),)
test: check-embed
endif
