# CI templates: schema/lint validation, shellcheck of every shell block, and
# the templates' own scripts run locally against a sample tarball.
. "$(dirname "$0")/lib.sh"
CT=$ROOT/ci-templates
VALIDATE=
for d in "${DOCKGATE_SHARED:-}" "$ROOT/../shared" "$ROOT/../../shared"; do
	[ -n "$d" ] && [ -x "$d/validate/validate-ci-templates" ] && { VALIDATE=$d/validate/validate-ci-templates; break; }
done

if [ -n "$VALIDATE" ]; then
	"$VALIDATE" \
		--github-workflow "$CT/github/image-gate.yml" \
		--github-workflow "$CT/github/release-diff.yml" \
		--github-workflow "$CT/github/host-audit.yml" \
		--github-action "$CT/github/action.yml" \
		--gitlab-ci "$CT/gitlab/dockgate.gitlab-ci.yml" \
		--gitlab-ci "$CT/gitlab/example.gitlab-ci.yml" \
		--k8s "$CT/kubernetes/namespace.yaml" \
		--k8s "$CT/kubernetes/policy-configmap.yaml" \
		--k8s "$CT/kubernetes/daemonset.yaml" \
		--k8s "$CT/kubernetes/cronjob.yaml" >"$TMP/validate.log" 2>&1 ||
		{ fail "validate-ci-templates"; cat "$TMP/validate.log" >&2; }
elif [ "${CI:-}" = true ]; then
	fail "../shared/validate is missing (required when CI=true)"
else
	echo "note: ../shared/validate not found: template schema validation skipped"
fi

# shellcheck every run: block and script: list (extracted with js-yaml from the
# validators' install, or PyYAML), plus the scripts the templates call.
extract_shell() {
	python3 - "$@" <<'PY'
import sys, yaml
def walk(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "run" and isinstance(v, str):
                out.append(v)
            elif k in ("script", "before_script", "after_script") and isinstance(v, list):
                out.append("\n".join(x for x in v if isinstance(x, str)))
            elif k == "args" and isinstance(v, list) and len(v) == 1 and isinstance(v[0], str):
                out.append(v[0])
            else:
                walk(v, out)
    elif isinstance(node, list):
        for v in node:
            walk(v, out)
for path in sys.argv[1:]:
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            blocks = []
            walk(doc, blocks)
            for b in blocks:
                # GitHub expressions are not shell: replace them with a word.
                import re
                print(re.sub(r"\$\{\{[^}]*\}\}", "EXPR", b))
                print("# ---")
PY
}
if command -v shellcheck >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
	for f in "$CT"/github/*.yml "$CT"/gitlab/*.yml "$CT"/kubernetes/daemonset.yaml; do
		{ echo '#!/bin/bash'; extract_shell "$f"; } >"$TMP/blocks.sh"
		shellcheck -s bash -e SC2034 "$TMP/blocks.sh" >"$TMP/sc.log" 2>&1 ||
			{ fail "shellcheck of shell blocks in $f"; head -20 "$TMP/sc.log" >&2; }
	done
	shellcheck "$CT/github/run.sh" "$CT/gitlab/run.sh" || fail "shellcheck run.sh"
else
	fail "shellcheck or PyYAML missing"
fi

# The templates' scripts, run for real against sample tarballs.
clean=$ROOT/samples/clean.tar
bad=$ROOT/samples/bad.tar.gz
if [ -f "$clean" ] && [ -f "$bad" ]; then
	mkdir -p "$TMP/gh" "$TMP/gl"
	(cd "$TMP/gh" && GITHUB_OUTPUT=out IN_TARBALL=$clean DOCKGATE=$DOCKGATE \
		bash "$CT/github/run.sh" >/dev/null 2>&1)
	[ $? = 0 ] || fail "github run.sh on the clean sample"
	grep -q '^verdict=passed$' "$TMP/gh/out" || fail "github run.sh verdict output"
	[ -s "$TMP/gh/dockgate.sarif" ] && [ -s "$TMP/gh/dockgate.xml" ] || fail "github run.sh reports"
	(cd "$TMP/gh" && GITHUB_OUTPUT=out2 IN_TARBALL=$bad DOCKGATE=$DOCKGATE \
		bash "$CT/github/run.sh" >/dev/null 2>&1)
	[ $? = 1 ] || fail "github run.sh on the bad sample must exit 1"
	grep -q '^exit-code=1$' "$TMP/gh/out2" || fail "github run.sh exit-code output"
	(cd "$TMP/gl" && DOCKGATE_TARBALL=$bad DOCKGATE_POLICY= DOCKGATE=$DOCKGATE \
		sh "$CT/gitlab/run.sh" >/dev/null 2>&1)
	[ $? = 1 ] || fail "gitlab run.sh on the bad sample must exit 1"
	for f in dockgate.xml gl-code-quality.json dockgate.sarif dockgate.json dockgate.md; do
		[ -s "$TMP/gl/$f" ] || fail "gitlab run.sh did not write $f"
	done
	(cd "$TMP/gl" && DOCKGATE=$DOCKGATE sh "$CT/gitlab/run.sh" >/dev/null 2>&1)
	[ $? = 2 ] || fail "gitlab run.sh without image or tarball must exit 2"
else
	fail "samples/clean.tar, samples/bad.tar.gz or the report writers are missing"
fi
finish
