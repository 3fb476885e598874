#!/usr/bin/env python3
"""A mock Docker Engine API on a unix socket, for dockgate's daemon tests.

    server.py SOCKET [--tcp PORTFILE [--tls-cert F --tls-key F [--tls-ca F]]] [--fault MODE] [--api 1.41] [--scenario planted|swarm|podman]
              [--log FILE]

Serves canned JSON per endpoint. Paths may carry a /vX.Y prefix; a version
newer than --api is refused with 400 like dockerd does. Fault modes:
  hang        accept connections and never answer
  http500     GET /info answers 500
  truncated   GET /info answers a cut-off JSON document
  invalid     GET /containers/json answers invalid JSON
  huge        GET /info answers 100 MB
  vanish      one listed container answers 404 on inspect
  item500     one listed container answers 500 on inspect
Each request line is appended to --log.
"""
import json
import os
import re
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

ARGS = {"fault": "", "api": "1.41", "scenario": "planted", "log": None}
LOG_LOCK = threading.Lock()


def hexid(n):
    return ("%02x" % n) * 32


def container(n, name, image="bb:1", running=True, **hc):
    host_config = {
        "Privileged": False, "ReadonlyRootfs": False, "CapAdd": None, "CapDrop": None,
        "SecurityOpt": None, "Devices": [], "Ulimits": None, "NetworkMode": "none",
        "PidMode": "", "IpcMode": "private", "UTSMode": "", "UsernsMode": "",
        "CgroupParent": "", "Memory": 0, "CpuShares": 0, "NanoCpus": 0, "PidsLimit": None,
        "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}, "PortBindings": {},
    }
    mounts = hc.pop("Mounts", [])
    health = hc.pop("Health", None)
    user = hc.pop("User", "")
    host_config.update(hc)
    state = {"Status": "running" if running else "created", "Running": running}
    if health:
        state["Health"] = {"Status": health, "FailingStreak": 0, "Log": []}
    return {
        "Id": hexid(n), "Name": "/" + name, "Image": "sha256:" + hexid(200),
        "State": state, "AppArmorProfile": "", "ExecIDs": None,
        "Config": {"Image": image, "User": user},
        "HostConfig": host_config, "Mounts": mounts,
        "NetworkSettings": {"Networks": {host_config["NetworkMode"]: {}}},
    }


def bind(src, dst, rw=True, prop="rprivate"):
    return {"Type": "bind", "Source": src, "Destination": dst, "Mode": "", "RW": rw,
            "Propagation": prop}


def scenario_containers():
    hardened = container(
        1, "hardened", ReadonlyRootfs=True, CapDrop=["ALL"], SecurityOpt=["no-new-privileges"],
        Memory=67108864, CpuShares=512, PidsLimit=50, Ulimits=[{"Name": "nofile", "Soft": 1024, "Hard": 2048}],
        RestartPolicy={"Name": "on-failure", "MaximumRetryCount": 3}, User="1000", Health="healthy",
        PortBindings={"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]})
    return [
        hardened,
        container(2, "privileged", running=False, Privileged=True),
        container(3, "hostns", NetworkMode="host", PidMode="host", IpcMode="host", UTSMode="host",
                  UsernsMode="host"),
        container(4, "capall", CapAdd=["ALL"]),
        container(5, "mounts", Mounts=[bind("/etc", "/host/etc"),
                                      bind("/var/run/docker.sock", "/var/run/docker.sock"),
                                      bind("/srv/shared", "/shared", prop="rshared")]),
        container(6, "seccomp", SecurityOpt=["seccomp=unconfined"],
                  RestartPolicy={"Name": "always", "MaximumRetryCount": 0},
                  PortBindings={"80/tcp": [{"HostIp": "", "HostPort": "80"}]},
                  Devices=[{"PathOnHost": "/dev/fuse", "PathInContainer": "/dev/fuse",
                            "CgroupPermissions": "rwm"}],
                  CgroupParent="/custom"),
    ]


def scenario_execs(cs):
    cs[5]["ExecIDs"] = [hexid(77)]
    return cs


CONTAINERS = []


def version_doc():
    comps = [{"Name": "Engine", "Version": "24.0.7", "Details": {"ApiVersion": ARGS["api"]}}]
    if ARGS["scenario"] == "podman":
        comps = [{"Name": "Podman Engine", "Version": "4.3.1", "Details": {"APIVersion": "4.3.1"}}]
    return {"Version": "4.3.1" if ARGS["scenario"] == "podman" else "24.0.7",
            "ApiVersion": ARGS["api"], "MinAPIVersion": "1.12", "Os": "linux",
            "KernelVersion": "6.1.0", "Components": comps}


def info_doc():
    swarm = ARGS["scenario"] == "swarm"
    return {
        "Containers": len(CONTAINERS), "ContainersRunning": sum(c["State"]["Running"] for c in CONTAINERS),
        "Driver": "overlay2", "LoggingDriver": "json-file", "CgroupDriver": "systemd",
        "LiveRestoreEnabled": False, "Debug": False, "ExperimentalBuild": False,
        "SecurityOptions": ["name=seccomp,profile=default"],
        "Plugins": {"Authorization": None},
        "RegistryConfig": {"InsecureRegistryCIDRs": ["127.0.0.0/8", "10.9.0.0/16"],
                           "IndexConfigs": {"docker.io": {"Name": "docker.io", "Secure": True}}},
        "Swarm": {"LocalNodeState": "active" if swarm else "inactive", "ControlAvailable": swarm,
                  "NodeAddr": "10.0.0.1" if swarm else ""},
    }


def image_doc(iid):
    tags = ["bb:1"] if iid.endswith(hexid(200)) else ["<none>:<none>"]
    return {"Id": iid, "RepoTags": tags, "Os": "linux", "Architecture": "amd64",
            "Config": {"User": "", "Env": ["PATH=/bin"], "Cmd": ["sh"]},
            "RootFS": {"Type": "layers", "Layers": ["sha256:" + hexid(201)]}}


def history_doc():
    return [{"Id": "sha256:" + hexid(200), "Created": 1700000000, "CreatedBy": "", "Size": 1000,
             "Comment": "Imported from -"}]


def routes(path):
    """(status, body) for a path without version prefix and query."""
    base, _, query = path.partition("?")
    fault = ARGS["fault"]
    if base == "/version":
        return 200, version_doc()
    if base == "/info":
        if fault == "http500":
            return 500, {"message": "boom: storage backend exploded"}
        if fault == "truncated":
            return 200, RAW(json.dumps(info_doc())[:60])
        if fault == "huge":
            return 200, HUGE
        return 200, info_doc()
    if base == "/containers/json":
        if fault == "invalid":
            return 200, RAW('[{"Id": "abc", "State": running}]')
        out = []
        for c in CONTAINERS:
            if "all=1" in query or c["State"]["Running"]:
                out.append({"Id": c["Id"], "Names": [c["Name"]], "ImageID": c["Image"],
                            "State": c["State"]["Status"]})
        if fault in ("vanish", "item500"):
            out.append({"Id": hexid(99), "Names": ["/ghost"], "ImageID": "sha256:x", "State": "running"})
        return 200, out
    m = re.fullmatch(r"/containers/([0-9a-f]+)/json", base)
    if m:
        cid = m.group(1)
        if cid == hexid(99):
            if fault == "item500":
                return 500, {"message": "inspect failed"}
            return 404, {"message": "No such container: " + cid}
        for c in CONTAINERS:
            if c["Id"] == cid:
                return 200, c
        return 404, {"message": "No such container: " + cid}
    m = re.fullmatch(r"/containers/([0-9a-f]+)/top", base)
    if m:
        procs = [["root", "1", "sleep 1000"]]
        if m.group(1) == hexid(5):
            procs.append(["root", "7", "/usr/sbin/sshd -D"])
        return 200, {"Titles": ["UID", "PID", "CMD"], "Processes": procs}
    m = re.fullmatch(r"/exec/([0-9a-f]+)/json", base)
    if m:
        return 200, {"ID": m.group(1), "Running": True,
                     "ProcessConfig": {"privileged": True, "user": "root", "entrypoint": "sh"}}
    if base == "/images/json":
        return 200, [{"Id": "sha256:" + hexid(200), "RepoTags": ["bb:1"]},
                     {"Id": "sha256:" + hexid(202), "RepoTags": ["<none>:<none>"]}]
    m = re.fullmatch(r"/images/([^/]+)/json", base)
    if m:
        iid = m.group(1).replace("%3A", ":")
        return 200, image_doc(iid)
    if re.fullmatch(r"/images/([^/]+)/history", base):
        return 200, history_doc()
    if base == "/networks":
        nets = [{"Name": "none", "Id": "n1", "Driver": "null", "Scope": "local", "Options": {}},
                {"Name": "host", "Id": "n2", "Driver": "host", "Scope": "local", "Options": {}}]
        if ARGS["scenario"] == "swarm":
            nets.append({"Name": "ingress", "Id": "n3", "Driver": "overlay", "Scope": "swarm", "Options": {}})
            nets.append({"Name": "secure", "Id": "n4", "Driver": "overlay", "Scope": "swarm",
                         "Options": {"encrypted": ""}})
        return 200, nets
    if base == "/plugins":
        if ARGS["scenario"] == "podman":
            return 404, {"message": "not found"}
        return 200, []
    if base == "/swarm":
        return 200, {"ID": "s1", "Spec": {"CAConfig": {"NodeCertExpiry": 7776000000000000},
                                           "EncryptionConfig": {"AutoLockManagers": False}}}
    if base == "/nodes":
        return 200, [{"ID": "a", "Spec": {"Role": "manager"}, "ManagerStatus": {"Leader": True}},
                     {"ID": "b", "Spec": {"Role": "manager"}, "ManagerStatus": {"Leader": False}},
                     {"ID": "c", "Spec": {"Role": "worker"}}]
    if base in ("/services", "/configs"):
        return 200, []
    if base == "/secrets":
        return 200, [{"ID": "x", "Spec": {"Name": "db-password"}}]
    return 404, {"message": "page not found"}


class RAW(str):
    pass


HUGE = object()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def address_string(self):
        return "unix"

    def send_body(self, status, body, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Api-Version", ARGS["api"])
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if body is HUGE:
            chunk = b" " * (1 << 20)
            self.send_header("Content-Length", str(100 << 20))
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        data = (body if isinstance(body, RAW) else json.dumps(body)).encode()
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if ARGS["log"]:
            with LOG_LOCK, open(ARGS["log"], "a") as f:
                f.write(self.path + "\n")
        path = self.path
        if path == "/_ping":
            self.send_response(200)
            self.send_header("Api-Version", ARGS["api"])
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"OK")
            return
        m = re.match(r"/v(\d+)\.(\d+)(/.*)", path)
        if m:
            want = (int(m.group(1)), int(m.group(2)))
            have = tuple(int(x) for x in ARGS["api"].split("."))
            if want > have:
                self.send_body(400, {"message": "client version %d.%d is too new. Maximum supported API version is %s"
                                     % (want[0], want[1], ARGS["api"])})
                return
            path = m.group(3)
        status, body = routes(path)
        self.send_body(status, body)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve_tcp(port_file):
    """--tcp PORTFILE: listen on 127.0.0.1 (any port, written to PORTFILE),
    with TLS when --tls-cert/--tls-key are given (and client certificates
    required when --tls-ca is given)."""
    import ssl
    srv = TCPServer(("127.0.0.1", 0), Handler)
    if ARGS.get("tls-cert"):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS["tls-cert"], ARGS["tls-key"])
        if ARGS.get("tls-ca"):
            ctx.load_verify_locations(ARGS["tls-ca"])
            ctx.verify_mode = ssl.CERT_REQUIRED
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    srv.serve_forever()


def hang(sock_path):
    """Accept and never answer."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(sock_path)
    s.listen(16)
    held = []
    while True:
        conn, _ = s.accept()
        held.append(conn)


def main():
    argv = sys.argv[1:]
    sock_path = argv.pop(0)
    while argv:
        opt = argv.pop(0).lstrip("-")
        ARGS[opt] = argv.pop(0)
    CONTAINERS.extend(scenario_execs(scenario_containers()))
    if ARGS.get("tcp"):
        serve_tcp(ARGS["tcp"])
        return
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    if ARGS["fault"] == "hang":
        hang(sock_path)
        return
    srv = Server(sock_path, Handler)
    srv.serve_forever()


if __name__ == "__main__":
    main()
