# The monitor daemon. Build and run with docker compose (docker-compose.yml), or alone:
#   docker build -t monitor . && docker run -e MONITOR_DATABASE_URL=... monitor
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Package files first, config last: editing a config rebuilds one small layer, not the install.
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY storage ./storage
RUN pip install . && useradd --system --uid 10001 --home-dir /app monitor
COPY config ./config

USER monitor
ENV MONITOR_CONFIG=/app/config/docker.toml
# The daemon stops on SIGTERM after its running job; compose waits stop_grace_period for it.
STOPSIGNAL SIGTERM
CMD ["monitor", "daemon"]
