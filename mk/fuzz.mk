# libFuzzer targets (clang): make fuzz builds them into build-fuzz/; run
# e.g. build-fuzz/fuzz_tarball -max_total_time=120 CORPUS_DIR. Not part of
# make check.
FUZZ_TARGETS = fuzz_tarball fuzz_policy fuzz_daemon_json
FUZZ_CFLAGS = -O1 -g -std=c11 -Iinclude $(PKG_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=all

fuzz:
	$(MAKE) --no-print-directory CC=clang BUILD=build-fuzz OPT="-O1 -g" \
		CFLAGS="-fsanitize=fuzzer-no-link" SANITIZE=address,undefined build-fuzz/libdockgate.a
	@for t in $(FUZZ_TARGETS); do \
		echo "clang tests/fuzz/$$t.c"; \
		clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o build-fuzz/$$t tests/fuzz/$$t.c \
			build-fuzz/libdockgate.a $(PKG_LIBS) || exit 1; \
	done

.PHONY: fuzz
