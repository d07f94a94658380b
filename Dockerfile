# syntax=docker/dockerfile:1
# signal-sidecar as a container:   docker build -t signal-sidecar .
#   docker run -p 6000:6000 -p 6060:6060 -e JICOFO_ORIG=http://jicofo:8888 signal-sidecar
#
# The build stage only calls src/dev/sh/dist --container: it builds the jar and assembles
# target/dist/, the Debian package's file tree plus a jlink'd Java runtime, the entrypoint,
# an AOT cache made by a training run, and the status file: /var/lib/signal-sidecar/shard-status
# ("drain"), which /etc/jitsi/shard-status links to, as in the package.
# No container engine runs in CI, so CI cannot build this image; src/dev/sh/check-package runs
# the same dist step and starts target/dist with this file's JAVA_HOME, ENTRYPOINT, CMD and
# HEALTHCHECK command instead.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY etc etc
COPY src src
RUN --mount=type=cache,target=/root/.m2 src/dev/sh/dist --container

FROM debian:bookworm-slim
COPY --from=build /src/target/dist/ /
# Fixed numeric ids, so that Kubernetes' runAsNonRoot can check them. The status file is state
# that an operator, the drain-control API or a Consul watch rewrites by renaming a new file over
# it, so its directory /var/lib/signal-sidecar belongs to the sidecar (mount a volume there to
# keep the word across containers; /etc/jitsi stays root's).
RUN groupadd --system --gid 10001 jitsi \
    && useradd --system --uid 10001 --gid jitsi --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin signal-sidecar \
    && chown -R signal-sidecar:jitsi /var/lib/signal-sidecar
USER 10001:10001
# The settings are the package's: the environment variables of the Node.js sidecar (HTTP_PORT,
# TCP_PORT, JICOFO_ORIG, PROSODY_ORIG, STATUS_PATH, ...) over /etc/jitsi/signal-sidecar/config.yaml.
# None is set here, so a mounted config.yaml is not overridden. JAVA_OPTS adds JVM options.
ENV JAVA_HOME=/usr/lib/signal-sidecar/jre
EXPOSE 6000 6060
# The sidecar's own probe of its /health (no curl in the image); it reads the same settings, but
# not variables that /usr/jitsi/pre-run.sh sets, since Docker runs it without the entrypoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/usr/bin/signal-sidecar", "--healthcheck"]
# Sources /usr/jitsi/pre-run.sh when it exists (as the Node.js sidecar's image did), then starts
# the sidecar with the arguments (CMD): e.g. --config /config/config.yaml.
ENTRYPOINT ["/usr/share/signal-sidecar/container-run"]
CMD []
