#!/bin/bash
# compare-docker-bench.sh - run docker-bench-security and dockgate on this host
# (CIS sections 1-3 by default) and print, per row, both verdicts and, where
# they differ, dockgate's reason. Not part of `make check`: it needs root, a
# running daemon and a checkout of docker-bench-security.
#
#   tests/compare-docker-bench.sh BENCH_DIR [--sections 1,2,3] [--host-root DIR] [-H URL]
#
# BENCH_DIR is a checkout of github.com/docker/docker-bench-security.
# DOCKGATE names the binary (default ./dockgate). -H is passed to dockgate and
# exported as DOCKER_HOST for docker-bench-security. Needs python3.
# Verdict classes: PASS = pass; WARN = fail; INFO/NOTE = manual or skip.
set -u

usage() { echo "usage: $0 BENCH_DIR [--sections 1,2,3] [--host-root DIR] [-H URL]" >&2; exit 2; }
[ $# -ge 1 ] || usage
bench=$1; shift
sections=1,2,3 host_root=/ host_url=
while [ $# -gt 0 ]; do
	case $1 in
	--sections) sections=$2; shift 2 ;;
	--host-root) host_root=$2; shift 2 ;;
	-H) host_url=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ -f "$bench/docker-bench-security.sh" ] || { echo "$0: no docker-bench-security.sh in '$bench'" >&2; exit 2; }
command -v python3 >/dev/null || { echo "$0: needs python3" >&2; exit 2; }
dockgate=${DOCKGATE:-$(cd "$(dirname "$0")/.." && pwd)/dockgate}
[ -x "$dockgate" ] || { echo "$0: no dockgate binary at '$dockgate' (set DOCKGATE)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

groups='' includes=''
for s in ${sections//,/ }; do
	case $s in
	1) groups+=host_configuration, ;;
	2) groups+=docker_daemon_configuration, ;;
	3) groups+=docker_daemon_files, ;;
	4) groups+=container_images, ;;
	5) groups+=container_runtime, ;;
	6) groups+=docker_security_operations, ;;
	7) groups+=docker_swarm_configuration, ;;
	*) usage ;;
	esac
	includes+="$s.*,"
done

[ -n "$host_url" ] && export DOCKER_HOST=$host_url
start=$(date +%s.%N)
(cd "$bench" && bash docker-bench-security.sh -b -c "${groups%,}" -l "$tmp/bench.log") >"$tmp/bench.out" 2>&1
bench_rc=$?
mid=$(date +%s.%N)
dg_args=(daemon --host-root "$host_root" --include "${includes%,}" --json "$tmp/dockgate.json" --quiet)
[ -n "$host_url" ] && dg_args+=(-H "$host_url")
"$dockgate" "${dg_args[@]}" >"$tmp/dockgate.out" 2>&1
dg_rc=$?
end=$(date +%s.%N)

[ -f "$tmp/bench.log.json" ] || { echo "docker-bench-security wrote no JSON (exit $bench_rc):" >&2; tail -5 "$tmp/bench.out" >&2; exit 3; }
[ -f "$tmp/dockgate.json" ] || { echo "dockgate wrote no JSON (exit $dg_rc):" >&2; tail -5 "$tmp/dockgate.out" >&2; exit 3; }

python3 - "$tmp/bench.log.json" "$tmp/dockgate.json" "$start" "$mid" "$end" <<'EOF'
import json, sys

bench_file, dg_file, t0, t1, t2 = sys.argv[1:]
bench = {}
def walk(o):
    if isinstance(o, dict):
        if "id" in o and "result" in o:
            bench[str(o["id"])] = (o["result"], o.get("details", ""))
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(open(bench_file)))

order = {"error": 0, "fail": 1, "manual": 2, "skip": 3, "pass": 4}
dg = {}
for f in json.load(open(dg_file)).get("findings", []):
    rid = f["rule"][4:] if f["rule"].startswith("CIS-") else f["rule"]
    cur = dg.get(rid)
    if cur is None or order[f["status"]] < order[cur[0]]:
        dg[rid] = (f["status"], f.get("message", ""))

def cls_bench(r):
    return {"PASS": "pass", "WARN": "fail"}.get(r, "info")
def cls_dg(s):
    return {"pass": "pass", "fail": "fail", "error": "error"}.get(s, "info")
def key(i):
    return [int(p) if p.isdigit() else p for p in i.split(".")]

rows = sorted(set(bench) | set(dg), key=key)
same = differ = 0
print("%-8s %-13s %-9s %s" % ("row", "docker-bench", "dockgate", "reason (where they differ)"))
for r in rows:
    b = bench.get(r, ("-", ""))
    d = dg.get(r, ("-", ""))
    if cls_bench(b[0]) == cls_dg(d[0]):
        same += 1
        reason = ""
    else:
        differ += 1
        reason = d[1] or b[1]
    print("%-8s %-13s %-9s %s" % (r, b[0], d[0], reason[:160]))
print()
print("%d rows: %d agree, %d differ" % (len(rows), same, differ))
print("docker-bench-security %.2f s, dockgate %.2f s" % (float(t1) - float(t0), float(t2) - float(t1)))
EOF
