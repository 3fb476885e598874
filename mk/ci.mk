# CI templates and the dockgate container image.
SHELL_TESTS += tests/e2e/ci_templates.sh
SHELL_TESTS += tests/e2e/merge.sh
