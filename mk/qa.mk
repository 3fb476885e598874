# Quality assurance: regression tests for bugs found by probing the binary
# with bad, hostile and secret-laden input.
SHELL_TESTS += tests/e2e/qa_inputs.sh
SHELL_TESTS += tests/e2e/qa_reports.sh
UNIT_TESTS += tests/unit/t_qa
