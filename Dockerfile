# Basalt container image.
#   docker build -t basalt .
#   docker run --rm -p 2333:2333 basalt
# docs/deployment.md describes mounting your own application.yml and using environment variables.

# Build stage: the Maven wrapper downloads Maven and the dependencies.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
RUN chmod +x mvnw && ./mvnw -B -DskipTests package

# Runtime stage: a JRE and the executable jar.
FROM eclipse-temurin:17-jre
RUN groupadd --gid 10001 basalt \
 && useradd --uid 10001 --gid basalt --no-create-home --home-dir /opt/basalt --shell /usr/sbin/nologin basalt
WORKDIR /opt/basalt
COPY --from=build /src/target/basalt-*.jar basalt.jar
# The repository's application.yml: port 2333, password youshallnotpass, local source on.
# Mount your own over /opt/basalt/application.yml.
COPY application.yml application.yml
# Writable only if logging.file.path points here (./logs/).
RUN mkdir logs && chown basalt:basalt logs
USER 10001:10001
EXPOSE 2333
# No HEALTHCHECK yet: Basalt has no health endpoint. It comes with the operations work
# (health and metrics).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "basalt.jar"]
