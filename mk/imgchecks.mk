# Image checks (CIS section 4, DG-IMG-NNN): parsers and their unit tests.
SRCS += src/image_util.c src/image_secret.c src/image_check.c src/checks/image_practices.c
UNIT_TESTS += tests/unit/t_image_checks
SHELL_TESTS += tests/e2e/image_checks.sh
