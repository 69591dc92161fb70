# syntax=docker/dockerfile:1
# Build: Maven on a JDK 17 image; run: a JRE 17 image, non-root, data in a volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY config config
COPY src src
RUN mvn -q -B package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system essor && useradd --system --gid essor --home-dir /opt/essor essor \
    && mkdir -p /opt/essor/data && chown -R essor:essor /opt/essor
WORKDIR /opt/essor
COPY --from=build /src/target/essor.jar /opt/essor/essor.jar
COPY --from=build /src/config /opt/essor/config
ENV ESSOR_DATA_DIR=/opt/essor/data \
    ESSOR_HTTP_PORT=8080
USER essor
VOLUME ["/opt/essor/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/health/ready || exit 1
# exec form: SIGTERM reaches the JVM, which drains requests and stops the database within 10 s
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/essor/essor.jar"]
