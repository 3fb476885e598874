# Host audit: facts from --host-root, CIS sections 1 and 3.
SRCS += src/source_host.c src/host_dockerd.c src/host_files.c
UNIT_TESTS += tests/unit/t_host_checks
UNIT_TESTS += tests/unit/t_host_live
