# signal-sidecar as a container. Build it with Docker, or with podman/buildah in the Docker format
# (their default OCI format has no HEALTHCHECK: they drop it with only a warning):
#   docker build -t signal-sidecar .        podman build --format docker -t signal-sidecar .
#   docker run -p 6000:6000 -p 6060:6060 -e JICOFO_ORIG=http://jicofo:8888 signal-sidecar
#
# The build stage only calls src/dev/sh/dist --container: it builds the jar and assembles
# target/dist/, the Debian package's file tree plus a jlink'd Java runtime, the entrypoint, the
# health check, an AOT cache made by a training run, and the status file:
# /var/lib/signal-sidecar/shard-status ("drain"), which /etc/jitsi/shard-status links to, as in
# the package. jlink --strip-debug needs objcopy: the build image must have binutils (the
# eclipse-temurin images do). CI builds this file with podman and runs the container's tests:
# src/dev/sh/container (docs/packaging.md).

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY etc etc
COPY src src
RUN --mount=type=cache,target=/root/.m2 src/dev/sh/dist --container

FROM debian:bookworm-slim
COPY --from=build /src/target/dist/ /
# Fixed numeric ids, so that Kubernetes' runAsNonRoot can check them (-K: system ids above 999
# without useradd's warning). The status file is state that an operator, the drain-control API
# or a Consul watch rewrites by renaming a new file over it, so its directory
# /var/lib/signal-sidecar belongs to the sidecar (mount a volume or a host directory there to
# share or keep the word; /etc/jitsi stays root's). /run/signal-sidecar is where the sidecar
# writes its ports for the health check.
RUN groupadd --system -K SYS_GID_MAX=10001 --gid 10001 jitsi \
    && useradd --system -K SYS_UID_MAX=10001 --uid 10001 --gid jitsi --home-dir /nonexistent \
        --no-create-home --shell /usr/sbin/nologin signal-sidecar \
    && chown -R signal-sidecar:jitsi /var/lib/signal-sidecar \
    && install -d -o signal-sidecar -g jitsi -m 0755 /run/signal-sidecar
USER 10001:10001
# The settings are the package's: the environment variables of the Node.js sidecar (HTTP_PORT,
# TCP_PORT, JICOFO_ORIG, PROSODY_ORIG, STATUS_PATH, ...) over /etc/jitsi/signal-sidecar/config.yaml.
# None is set here, so a mounted config.yaml is not overridden. JAVA_OPTS adds JVM options.
# RUNTIME_DIRECTORY is where the running sidecar writes its real ports (the file "ports").
ENV JAVA_HOME=/usr/lib/signal-sidecar/jre RUNTIME_DIRECTORY=/run/signal-sidecar
EXPOSE 6000 6060
# A bash script, not a JVM: it reads the ports the sidecar wrote once bound (whatever set them:
# the arguments, a mounted config, /usr/jitsi/pre-run.sh, the environment) and asks /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/usr/share/signal-sidecar/container-health"]
# Sources /usr/jitsi/pre-run.sh when it exists (as the Node.js sidecar's image did), then starts
# the sidecar with the arguments (CMD): e.g. --config /config/config.yaml.
ENTRYPOINT ["/usr/share/signal-sidecar/container-run"]
CMD []
