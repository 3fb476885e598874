# Image checks (CIS section 4, DG-IMG-NNN): parsers and their unit tests.
SRCS += src/image_util.c
UNIT_TESTS += tests/unit/t_image_checks
