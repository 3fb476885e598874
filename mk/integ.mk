# End-to-end tests of the daemon, host and image pieces together through the
# binary: the mock Engine API on a fake host, and dockgate's own image on a
# private dockerd (the host audit from a container, the gate on itself).
SHELL_TESTS += tests/integ/fakehost_daemon.sh tests/integ/selfimage.sh
