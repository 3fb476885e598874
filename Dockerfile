# dockgate container image.
#
#   docker build -t dockgate:0.1.0 .
#   docker run --rm -v "$PWD:/work" -w /work dockgate:0.1.0 image app.tar
#   docker run --rm --pid host --user 0:0 -v /:/host:ro -v /var/run/docker.sock:/var/run/docker.sock:ro \
#       dockgate:0.1.0 daemon --host-root /host
#
# The host audit runs as root (the socket and host files are root's); image
# audits run as uid 10001. tests/integ/selfimage.Dockerfile mirrors the
# runtime stage for the self-audit test: keep the two in step.
#
# BASE is debian:12-slim in real builds (pin it by digest in your registry).
ARG BASE=debian:12-slim

FROM ${BASE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev make pkg-config \
      libarchive-dev libjson-c-dev libcurl4-openssl-dev libxml2-dev libyaml-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY include/ include/
COPY src/ src/
COPY mk/ mk/
RUN make dockgate

FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends libarchive13 libjson-c5 libcurl4 \
      libxml2 libyaml-0-2 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin dockgate
COPY --from=build /src/dockgate /usr/local/bin/dockgate
COPY ci-templates/gitlab/run.sh /usr/local/share/dockgate/gitlab-run.sh
USER 10001:10001
# dockgate is a batch tool; the health check proves the binary and its
# libraries load, which is what a long-running audit loop (Kubernetes
# DaemonSet) depends on.
HEALTHCHECK --interval=5m --timeout=10s CMD ["/usr/local/bin/dockgate", "version"]
ENTRYPOINT ["/usr/local/bin/dockgate"]
CMD ["--help"]
