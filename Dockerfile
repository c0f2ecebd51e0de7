# Basalt container image (docs/getting-started.md and docs/configuration.md describe it).
#   docker build -t basalt .
#   docker run --rm -p 2333:2333 -e LAVALINK_SERVER_PASSWORD=change-me basalt
# DockerfileTest checks this file against the build and the running node (jar name, port, health path, user).

# --- Build stage: the Maven wrapper fetches Maven and the dependencies; tests run in CI, not here.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
RUN chmod +x mvnw && ./mvnw -B -Dmaven.test.skip=true package

# --- Runtime stage: Java 17 (LTS, the version the test suite runs on), a JRE only.
FROM eclipse-temurin:17-jre
# curl is only for HEALTHCHECK; installed explicitly rather than relying on the base image having it
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 basalt \
 && useradd --uid 10001 --gid basalt --no-create-home --home-dir /opt/basalt --shell /usr/sbin/nologin basalt
WORKDIR /opt/basalt
# the jar `./mvnw package` builds: target/<artifactId>-<version>.jar
COPY --from=build /src/target/basalt-0.1.0.jar basalt.jar
# The repository's application.yml (port 2333, password youshallnotpass, local source on) is the default.
# Mount your own over /opt/basalt/application.yml, or override single keys with environment variables
# (LAVALINK_SERVER_PASSWORD, ...). Basalt reads it from the working directory, /opt/basalt.
COPY application.yml application.yml
# Writable for the non-root user: logs/ (if logging.file.path is ./logs/) and plugins/ (reserved for plugins).
# With a read-only root filesystem, also mount a writable /tmp: Tomcat and the native libraries unpack there.
RUN mkdir logs plugins && chown basalt:basalt logs plugins
USER 10001:10001
EXPOSE 2333
# Container JVM defaults; setting JAVA_TOOL_OPTIONS replaces all of them (docs/configuration.md#jvm-flags-in-containers):
#   MaxRAMPercentage=50  the heap gets half the container's memory limit; the other half is for what Basalt
#                        keeps outside the heap: thread stacks, metaspace, direct buffers, native decoders
#   ExitOnOutOfMemoryError  a node out of memory exits, so Docker or Kubernetes restarts it
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
# Liveness: no password needed. SERVER_PORT, if set, moves the port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-2333}/actuator/health/liveness" || exit 1
# exec form: java is PID 1 and gets SIGTERM directly from `docker stop` (graceful shutdown, at most ~15 s)
ENTRYPOINT ["java", "-jar", "basalt.jar"]
