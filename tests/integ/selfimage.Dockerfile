# The runtime stage of ../../Dockerfile on a locally made base (used by
# selfimage.sh): dgtest/dockgate-base:1 stands in for debian:12-slim with the
# runtime libraries installed, and the build stage's output is in the
# context. Keep the two in step.
FROM dgtest/dockgate-base:1
# useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin dockgate
RUN echo 'dockgate:x:10001:10001::/nonexistent:/usr/sbin/nologin' >>/etc/passwd \
 && echo 'dockgate:x:10001:' >>/etc/group
COPY dockgate /usr/local/bin/dockgate
COPY ci-templates/gitlab/run.sh /usr/local/share/dockgate/gitlab-run.sh
USER 10001:10001
HEALTHCHECK --interval=5m --timeout=10s CMD ["/usr/local/bin/dockgate", "version"]
ENTRYPOINT ["/usr/local/bin/dockgate"]
CMD ["--help"]
