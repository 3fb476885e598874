#!/bin/sh
# mkhost.sh - build a fake Docker host root for the host audit tests.
#
#   mkhost.sh [OPTIONS] DIR
#
# DIR gets a compliant host: systemd units with a drop-in, /etc/docker with
# daemon.json, TLS files and a registry certificate, /etc/default/docker,
# /etc/sysconfig/docker, containerd's config and socket, the binaries, audit
# rules for every path CIS section 1 names, proc/<pid>/cmdline of a dockerd,
# proc/1/mountinfo with /var/lib/docker on its own partition, and
# /etc/passwd and /etc/group that name the invoking user "root" (so no real
# root is needed). /var/run is a symlink to /run, as on real hosts.
# Tests then break one thing at a time.
#
# Options:
#   --owner NAME          the name the invoking uid has in etc/passwd (default root)
#   --group NAME          the name the invoking gid has in etc/group (default root)
#   --docker-members L    members of the docker group, comma separated (default none)
#   --cmdline "ARGS"      dockerd's command line (default: -H fd:// --containerd=...)
#   --pid N               dockerd's pid under proc (default 812)
#   --no-sockets          do not create the unix sockets (made with python3 when present)
set -eu

owner=root group=root members='' pid=812 sockets=1
cmdline="/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock"
while [ $# -gt 1 ]; do
	case $1 in
	--owner) owner=$2; shift 2 ;;
	--group) group=$2; shift 2 ;;
	--docker-members) members=$2; shift 2 ;;
	--cmdline) cmdline=$2; shift 2 ;;
	--pid) pid=$2; shift 2 ;;
	--no-sockets) sockets=0; shift ;;
	*) echo "mkhost.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
done
[ $# -eq 1 ] || { echo "usage: mkhost.sh [OPTIONS] DIR" >&2; exit 2; }
d=$1
uid=$(id -u)
gid=$(id -g)
umask 022
mkdir -p "$d"

# put PATH MODE [CONTENT]: a file with exact mode
put() {
	mkdir -p "$d$(dirname "$1")"
	rm -f "$d$1"
	printf '%s' "${3:-}" >"$d$1"
	chmod "$2" "$d$1"
}

# Accounts: the invoking ids carry the names under test.
docker_gid=54999
[ "$gid" = "$docker_gid" ] && docker_gid=54998
put /etc/passwd 0644 "$owner:x:$uid:$gid:$owner:/root:/bin/sh
alice:x:54321:54321::/home/alice:/bin/sh
"
if [ "$group" = docker ]; then
	put /etc/group 0644 "docker:x:$gid:$members
alice:x:54321:
"
else
	put /etc/group 0644 "$group:x:$gid:
docker:x:$docker_gid:$members
alice:x:54321:
"
fi

# systemd units (Debian layout) and a drop-in in /etc.
put /lib/systemd/system/docker.service 0644 "[Service]
ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
"
put /lib/systemd/system/docker.socket 0644 "[Socket]
ListenStream=/run/docker.sock
SocketMode=0660
SocketGroup=docker
"
put /etc/systemd/system/docker.service.d/override.conf 0644 "[Service]
LimitNOFILE=1048576
"

# /etc/docker
mkdir -p "$d/etc/docker/tls" "$d/etc/docker/certs.d/registry.example:5000"
chmod 0755 "$d/etc/docker"
put /etc/docker/daemon.json 0644 '{
	"icc": false,
	"live-restore": true,
	"tlsverify": true,
	"tlscacert": "/etc/docker/tls/ca.pem",
	"tlscert": "/etc/docker/tls/server.pem",
	"tlskey": "/etc/docker/tls/server-key.pem"
}
'
put /etc/docker/tls/ca.pem 0444 "ca"
put /etc/docker/tls/server.pem 0444 "cert"
put /etc/docker/tls/server-key.pem 0400 "key"
put /etc/docker/certs.d/registry.example:5000/ca.crt 0444 "registry ca"
put /etc/default/docker 0644 "# DOCKER_OPTS=
"
put /etc/sysconfig/docker 0644 "# OPTIONS=
"
put /etc/containerd/config.toml 0644 "version = 2
"

# binaries
for b in dockerd containerd containerd-shim containerd-shim-runc-v1 containerd-shim-runc-v2 runc; do
	put "/usr/bin/$b" 0755 "#!/bin/sh
"
done

# /run, /var/run -> /run, data root
mkdir -p "$d/run/containerd" "$d/var/lib/docker"
chmod 0710 "$d/var/lib/docker"
[ -e "$d/var/run" ] || ln -s /run "$d/var/run"
command -v python3 >/dev/null 2>&1 || sockets=0
if [ "$sockets" = 1 ]; then
	rm -f "$d/run/docker.sock" "$d/run/containerd/containerd.sock"
	python3 -c '
import socket, sys
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_UNIX)
    s.bind(p)
    s.close()
' "$d/run/docker.sock" "$d/run/containerd/containerd.sock"
	chmod 0660 "$d/run/docker.sock" "$d/run/containerd/containerd.sock"
fi

# audit rules: watches in audit.rules, syscall rules in rules.d
put /etc/audit/audit.rules 0640 "## generated
-D
-b 8192
-w /usr/bin/dockerd -k docker
-w /run/containerd -k docker
-w /var/lib/docker -k docker
-w /etc/docker -k docker
-w /lib/systemd/system/docker.service -k docker
-w /run/containerd/containerd.sock -k docker
-w /lib/systemd/system/docker.socket -k docker
"
put /etc/audit/rules.d/docker.rules 0640 "# docker
-w /etc/default/docker -p wa -k docker
-w /etc/docker/daemon.json -p wa -k docker
-w /etc/containerd/config.toml -k docker
-w /etc/sysconfig/docker -k docker
-a always,exit -F path=/usr/bin/containerd -F perm=x -k docker
-a always,exit -F path=/usr/bin/containerd-shim -F perm=x -k docker
-a always,exit -F path=/usr/bin/containerd-shim-runc-v1 -F perm=x -k docker
-a always,exit -F path=/usr/bin/containerd-shim-runc-v2 -F perm=x -k docker
-w /usr/bin/runc -k docker
"

# proc: pid 1, dockerd, mounts
mkdir -p "$d/proc/1"
printf '/sbin/init\0' >"$d/proc/1/cmdline"
chmod 0444 "$d/proc/1/cmdline"
put /proc/1/mountinfo 0444 "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
23 22 0:21 / /run rw,nosuid,nodev shared:5 - tmpfs tmpfs rw
24 22 8:2 / /var/lib/docker rw,relatime shared:7 - xfs /dev/sdb1 rw
25 22 0:22 / /mnt/with\\040space rw shared:8 - tmpfs tmpfs rw
"
mkdir -p "$d/proc/$pid"
# shellcheck disable=SC2086
printf '%s\0' $cmdline >"$d/proc/$pid/cmdline"
chmod 0444 "$d/proc/$pid/cmdline"
put "/proc/$pid/status" 0444 "Name:	dockerd
Uid:	0	0	0	0
Gid:	0	0	0	0
"
