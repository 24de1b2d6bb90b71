# syntax=docker/dockerfile:1
# The monitor daemon. Build and run with docker compose (docker-compose.yml), or alone:
#   docker build -t monitor . && docker run -v "$PWD/config:/app/config:ro" -e MONITOR_DATABASE_URL=... monitor
# Reproducible: the dependencies come from requirements.lock (exact versions, hash-checked), and the
# config is not in the image: compose mounts ./config at /app/config.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# The locked dependencies first: a code change rebuilds one small layer, not the install.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

# The package, built from a bind mount of the build context (no layer holds the sources or config/;
# the wheel still carries its bundled defaults as package data). The lock's setuptools builds it.
RUN --mount=type=bind,target=/tmp/src,rw pip install --no-deps --no-build-isolation /tmp/src \
    && useradd --system --uid 10001 --home-dir /app monitor

USER monitor
ENV MONITOR_CONFIG=/app/config/docker.toml
# Healthy while this container's daemon writes its heartbeat (every 30 s; stale after 120 s).
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 CMD ["monitor", "health"]
# The daemon stops on SIGTERM after its running job; compose waits stop_grace_period for it.
STOPSIGNAL SIGTERM
CMD ["monitor", "daemon"]
