# The public library API (issue 10): checks of the installed library.
#
#   make check-header   include/certsweep.h compiles alone, -std=c11 -pedantic, C and C++
#   make check-embed    make install into a staging root, then build
#                       examples/embed.c with pkg-config against it (shared,
#                       and static with `pkg-config --static`: every library
#                       it names has its -dev package in `make deps`) and
#                       run both on a real certificate
#
# check-embed is part of `make test` for unsanitized builds (a sanitized
# libcertsweep cannot be linked by a plain program).

EMBED_ROOT   := $(abspath $(BUILD)/embed-root)
EMBED_PC     := PKG_CONFIG_PATH=$(EMBED_ROOT)/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$(EMBED_ROOT)
EMBED_INPUT  := tests/data/real-sample/corpus/real/debian-ca-certificates/9a6ec012e1a7da9dbe34194d478ad7c0db1822fb071df12981496ed104384113.der
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
	    $$($(EMBED_PC) pkg-config --static --cflags certsweep) $(EMBED_ROOT)/usr/lib/libcertsweep.a \
	    $$($(EMBED_PC) pkg-config --static --libs certsweep | sed 's/-lcertsweep//')
	@in='$(EMBED_INPUT)'; \
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
