# syntax=docker/dockerfile:1
# Cairn runs on Node 24 (LTS) everywhere: here, in npm scripts (npm package "node"), and in CI.
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# dev dependencies (tests, linters, the bundled Node) stay out of the image
RUN npm ci --omit=dev && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    CAIRN_DATA=/data \
    CAIRN_HTTP_HOST=0.0.0.0 \
    CAIRN_HTTP_PORT=8080 \
    CAIRN_LISTEN=/ip4/0.0.0.0/tcp/4001
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY routes ./routes
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 4001
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.CAIRN_HTTP_PORT ?? 8080) + '/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "src/main.ts"]
