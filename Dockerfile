# The Crisis Table server image used by docker-compose.yml.
FROM node:20-bookworm-slim AS web
WORKDIR /app/web_client
COPY web_client/package.json web_client/package-lock.json ./
RUN npm ci --omit=dev

FROM python:3.11-slim-bookworm
WORKDIR /app
COPY pyproject.toml README.md ./
COPY game_rules ./game_rules
COPY server ./server
COPY web_client ./web_client
COPY docs/rules.md ./docs/rules.md
COPY --from=web /app/web_client/node_modules ./web_client/node_modules
# Editable, so the server finds web_client/ beside its package as it does in a checkout.
RUN pip install --no-cache-dir -e .
EXPOSE 5000
CMD ["crisis-table", "serve", "--host", "0.0.0.0", "--port", "5000"]
