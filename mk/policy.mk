# Policy file, waivers, baselines and release diffs.
# (src/policy*.c, src/baseline.c, src/cmd_policy.c, src/cmd_diff.c are in the core list.)
UNIT_TESTS += tests/unit/t_policy
SHELL_TESTS += tests/e2e/policy.sh tests/e2e/policy_diff.sh tests/e2e/policy_end_to_end.sh
