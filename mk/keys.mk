# Key mathematics (src/keys/: batch GCD, weak-key fingerprints) uses GMP.
LIBS += $(shell pkg-config --libs gmp 2>/dev/null || echo -lgmp)
