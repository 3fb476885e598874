# The image tarball reader, its secret scanner and their tests.
SRCS += src/secret.c src/tarball_merge.c
UNIT_TESTS += tests/unit/t_secret tests/unit/t_tarball
SHELL_TESTS += tests/e2e/tarball.sh tests/hostile/hostile.sh

# Regenerate the committed sample tarballs (deterministic).
samples:
	python3 tests/fixtures/gen.py image -o samples/clean.tar --layout docker25 --layers gzip clean
	python3 tests/fixtures/gen.py image -o samples/bad.tar.gz --layout legacy --outer gz bad
	python3 tests/fixtures/gen.py image -o samples/multi-oci.tar.zst --layout oci --layers zstd --outer zst multi
.PHONY: samples
