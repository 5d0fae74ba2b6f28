# The racelab course image: JupyterLab, the JJava kernel on JDK 25, the course library and notebooks.
# Follows the Jupyter Docker Stacks conventions: user jovyan (uid 1000, gid 100), port 8888, token auth.
# Build:  docker build -t racelab .        (behind a TLS-inspecting proxy, add
#         --secret id=extra_ca,src=/etc/ssl/certs/ca-certificates.crt : used by apt, Maven and pip, never stored)
# Run:    docker run -p 8888:8888 racelab

FROM debian:trixie-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-25-jdk-headless ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
COPY stress stress
COPY lib lib
COPY bench bench
COPY docker/PemTrustStore.java /tmp/PemTrustStore.java
# One RUN: the trust store built from the secret is deleted before the layer is written.
RUN --mount=type=secret,id=extra_ca,required=false \
    set -e; export MAVEN_OPTS=""; \
    if [ -s /run/secrets/extra_ca ]; then \
      java /tmp/PemTrustStore.java /run/secrets/extra_ca /tmp/trust.p12 changeit; \
      export MAVEN_OPTS="-Djavax.net.ssl.trustStore=/tmp/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12"; \
      export CURL_CA_BUNDLE=/run/secrets/extra_ca; \
    fi; \
    ./mvnw -B -q -DskipTests package -pl stress,lib; \
    rm -f /tmp/trust.p12; \
    mkdir -p /out/lib/target /out/stress/target; \
    cp -r lib/target/racelab-lib.jar lib/target/lib lib/target/errorprone lib/target/lincheck /out/lib/target/; \
    cp stress/target/jcstress.jar /out/stress/target/

FROM debian:trixie-slim
ENV RACELAB_HOME=/opt/racelab \
    PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    JAVA_HOME=/usr/lib/jvm/java-25-openjdk-amd64 \
    SHELL=/bin/bash \
    LANG=C.UTF-8
RUN --mount=type=secret,id=extra_ca,required=false \
    apt-get update \
 && apt-get install -y --no-install-recommends openjdk-25-jdk-headless python3 python3-venv tini \
      fontconfig fonts-dejavu-core libharfbuzz0b ca-certificates curl procps passwd \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --shell /bin/bash --uid 1000 --gid 100 --no-user-group jovyan
COPY requirements.txt /opt/racelab/requirements.txt
RUN --mount=type=secret,id=extra_ca,required=false \
    set -e; if [ -s /run/secrets/extra_ca ]; then export PIP_CERT=/run/secrets/extra_ca; fi; \
    python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -q -r /opt/racelab/requirements.txt
COPY --from=build /out/ /opt/racelab/
COPY lib/src/main/jshell /opt/racelab/lib/src/main/jshell
COPY notebooks /opt/racelab/notebooks
COPY data /opt/racelab/data
COPY tools /opt/racelab/tools
COPY docker/start.sh /usr/local/bin/racelab-start
RUN /opt/venv/bin/python /opt/racelab/tools/kernelspec.py --root /opt/racelab --jdk "$JAVA_HOME" --jdk-feature 25 \
      --prefix /opt/venv \
 && rm -f /opt/venv/share/jupyter/kernels/java/kernel.json \
 && mkdir -p /opt/racelab/build && chown -R 1000:100 /opt/racelab/build /opt/racelab/notebooks

USER 1000:100
WORKDIR /home/jovyan
EXPOSE 8888
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD curl -fsS http://127.0.0.1:8888/api || exit 1
ENTRYPOINT ["tini", "-g", "--", "racelab-start"]
