# The Crisis Table server image used by docker-compose.yml.

# The browser client's packages, exactly as web_client/package-lock.json pins them (npm checks
# each one's integrity hash), on Node 24, a supported LTS (Node 20 reached its end of life).
FROM node:24-bookworm-slim AS web
WORKDIR /app/web_client
COPY web_client/package.json web_client/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# Every Python package pinned with its hashes (requirements.lock, made by `make lock`): pip
# fetches nothing else (--no-deps) and refuses a file whose hash differs.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY game_rules ./game_rules
COPY server ./server
COPY web_client ./web_client
COPY docs/rules.md ./docs/rules.md
COPY --from=web /app/web_client/node_modules ./web_client/node_modules
# Editable, so the server finds web_client/ beside its package as it does in a checkout; built
# with the locked setuptools, without fetching anything. The server runs as a user of its own,
# which owns nothing but the SQLite store's folder.
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . \
 && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin crisis \
 && mkdir -p /app/data && chown crisis:crisis /app/data
USER crisis
EXPOSE 5000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/healthz', timeout=2)"]
CMD ["crisis-table", "serve", "--host", "0.0.0.0", "--port", "5000"]
