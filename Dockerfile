# syntax=docker/dockerfile:1
# tcp-echo: build with the Maven wrapper, run the extracted Boot layers on a Java 25 JRE.
# The base images are build arguments so that a build without registry access can pass stand-ins.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is rebuilt only when the build files change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -Paot package -DskipTests \
    && java -Djarmode=tools -jar target/tcp-echo.jar extract --layers --destination target/extracted

FROM ${RUNTIME_IMAGE}
RUN useradd --system --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin echo
WORKDIR /app
# One layer per Boot layer, least to most often changed.
COPY --from=build /src/target/extracted/dependencies/ ./
COPY --from=build /src/target/extracted/spring-boot-loader/ ./
COPY --from=build /src/target/extracted/snapshot-dependencies/ ./
COPY --from=build /src/target/extracted/application/ ./
# Two AOT steps (bench/RESULTS.md says what each buys). Spring AOT (-Paot above,
# -Dspring.aot.enabled=true below): the server's bean definitions were generated as code at build
# time, so configuration classes and auto-configuration conditions are not evaluated again at each
# start; the echo.* properties, SSL bundles, endpoint access and logging stay runtime settings.
# Then a JDK 25 AOT cache from one training run (the server starts, then exits once its context is
# refreshed): the container's JVM finds the classes of a started server loaded and linked.
# The cache is recorded, then created, in two JVMs one after
# the other rather than one that forks the other, so that a build under a memory limit holds one
# at a time. The GC is named in every run, as the cache needs the same one, and a container's
# memory limit could otherwise choose another.
RUN java -XX:AOTMode=record -XX:AOTConfiguration=tcp-echo.aotconf -XX:+UseG1GC -XX:MaxRAMPercentage=50.0 \
        -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh -jar tcp-echo.jar --echo.server.port=0 --management.server.port=0 >/dev/null \
    && java -XX:AOTMode=create -XX:AOTConfiguration=tcp-echo.aotconf -XX:AOTCache=tcp-echo.aot -XX:+UseG1GC \
        -XX:MaxRAMPercentage=50.0 -jar tcp-echo.jar >/dev/null \
    && rm tcp-echo.aotconf
USER 10001:10001
# 9877: the echo port, TCP and UDP; 9878: TLS (the tls profile); 8080: Actuator (health probes, metrics, connections)
EXPOSE 9877 9877/udp 9878 8080
# Exec form: the JVM is PID 1 and gets SIGTERM, which starts the drain.
# Memory: the heap is half the container's limit, and direct buffers, metaspace, code cache and
# thread stacks are capped, so that the whole process stays inside the limit (bench/RESULTS.md:
# 290 MB of RSS with 10,000 connections). Add flags through JDK_JAVA_OPTIONS.
ENTRYPOINT ["java", "-XX:AOTCache=tcp-echo.aot", "-Dspring.aot.enabled=true", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=50.0", "-XX:MaxDirectMemorySize=64m", "-XX:MaxMetaspaceSize=128m", \
            "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", "tcp-echo.jar"]
