# The image tarball reader, its secret scanner and their tests.
SRCS += src/secret.c src/tarball_merge.c src/tarball_layer.c src/tarball_layout.c
UNIT_TESTS += tests/unit/t_secret tests/unit/t_tarball
SHELL_TESTS += tests/e2e/tarball.sh tests/hostile/hostile.sh tests/e2e/tarball_docker.sh
