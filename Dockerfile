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
# -Dspring.aot.enabled=true in the launcher): the server's bean definitions were generated as code at
# build time, so configuration classes and auto-configuration conditions are not evaluated again at
# each start; the echo.* properties, SSL bundles, endpoint access and logging stay runtime settings.
# Then JDK 25 AOT caches, each trained through a whole life by scripts/aot-train.sh: the server's
# (it starts, echoes a line and a datagram, answers Actuator, drains on SIGTERM) and the client's
# (it echoes one line to a server), so that each JVM finds its own classes loaded and linked. Each
# cache is recorded, then created, in two JVMs one after the other rather than one that forks the
# other, so that a build under a memory limit holds one at a time. The GC is named in every run, as
# a cache needs the same one, and a container's memory limit could otherwise choose another.
COPY scripts/aot-train.sh /tmp/aot-train.sh
COPY src/main/bin/tcp-echo bin/tcp-echo
RUN bash /tmp/aot-train.sh server java -XX:AOTMode=record -XX:AOTConfiguration=tcp-echo.aotconf -XX:+UseG1GC \
        -XX:MaxRAMPercentage=50.0 -Dspring.aot.enabled=true -jar tcp-echo.jar \
    && java -XX:AOTMode=create -XX:AOTConfiguration=tcp-echo.aotconf -XX:AOTCache=tcp-echo.aot -XX:+UseG1GC \
        -XX:MaxRAMPercentage=50.0 -jar tcp-echo.jar >/dev/null \
    && bash /tmp/aot-train.sh client java -XX:AOTMode=record -XX:AOTConfiguration=client.aotconf -XX:+UseG1GC \
        -XX:MaxRAMPercentage=50.0 -jar tcp-echo.jar client \
    && java -XX:AOTMode=create -XX:AOTConfiguration=client.aotconf -XX:AOTCache=client.aot -XX:+UseG1GC \
        -XX:MaxRAMPercentage=50.0 -jar tcp-echo.jar >/dev/null \
    && chmod 755 bin/tcp-echo && rm -f tcp-echo.aotconf client.aotconf /tmp/aot-train.sh
USER 10001:10001
# 9877: the echo port, TCP and UDP; 9878: TLS (the tls profile); 8080: Actuator (health probes, metrics, connections)
EXPOSE 9877 9877/udp 9878 8080
# The launcher picks each mode's cache and flags, then execs the JVM, which is PID 1 and gets
# SIGTERM, which starts the drain. Memory: the server's heap is half the container's limit, and
# direct buffers, metaspace, code cache and thread stacks are capped, so that the whole process
# stays inside the limit (bench/RESULTS.md: 290 MB of RSS with 10,000 connections). Add flags
# through JDK_JAVA_OPTIONS.
ENTRYPOINT ["/app/bin/tcp-echo"]
