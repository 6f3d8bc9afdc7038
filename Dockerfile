# syntax=docker/dockerfile:1
# Cairn runs on Node 24 (LTS) everywhere: npm scripts (npm package "node"), CI and this image.
# Another base with the same Node and npm can be passed, e.g. one built from
# debootstrap where no registry is reachable (test/container/base-image.sh).
ARG BASE_IMAGE=node:24.21.0-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
# the web console's sources: `npm ci` builds them (the `prepare` script) to console/dist
COPY console ./console
# An extra CA bundle (corporate proxies) reaches npm as a build secret only:
#   --secret id=ca,src=/path/to/ca.pem
# It is read in place, so no layer keeps it.
RUN --mount=type=secret,id=ca \
    --mount=type=cache,target=/root/.npm \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca npm_config_cafile=/run/secrets/ca; fi; \
    npm ci --no-audit --no-fund
COPY src ./src
COPY routes ./routes
COPY scripts ./scripts
# the service and the CLI bundled, as `npm start` runs them (scripts/bundle.ts): bundle/.
# Node runs no TypeScript from node_modules, and nothing reads their source
# maps or declarations: about 120 MB of the production tree
RUN node scripts/bundle.ts \
 && chmod +x bundle/cli.js \
 && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete

FROM ${BASE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="cairn" \
      org.opencontainers.image.description="IPFS-backed, content-addressed publishing service: a Hono HTTP server around an embedded Helia node" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production \
    CAIRN_DATA=/data \
    CAIRN_HTTP_HOST=0.0.0.0 \
    CAIRN_HTTP_PORT=8080 \
    CAIRN_API_HOST=0.0.0.0 \
    CAIRN_API_PORT=5001 \
    CAIRN_LISTEN=/ip4/0.0.0.0/tcp/4001
# a fixed non-root user, so a volume's ownership is predictable across images
RUN groupadd --system --gid 10001 cairn \
 && useradd --system --uid 10001 --gid cairn --home-dir /data --shell /usr/sbin/nologin cairn \
 && mkdir -p /data && chown cairn:cairn /data
WORKDIR /app
# the bundles load only the packages kept external (native addons, files beside their modules) from node_modules
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bundle ./bundle
# the built console only (no sources, no toolchain), where routes/console.ts looks from bundle/
COPY --from=build /app/console/dist ./console/dist
# `cairn` (package.json "bin", bundled) in npm's global bin folder: on PATH, and what
# `npx cairn` finds; `docker exec <container> cairn status` reads the token in CAIRN_DATA
RUN ln -s /app/bundle/cli.js "$(npm prefix -g)/bin/cairn"
USER cairn
VOLUME ["/data"]
# 4001 libp2p, 5001 the API (token), 8080 the public gateway
EXPOSE 4001 5001 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.CAIRN_HTTP_PORT ?? 8080) + '/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# an 8 MiB young generation: RSS under a 1 GiB upload 250 -> 235 MiB, same throughput (bench/profiling.md);
# npm start's command. Node's compile cache goes to $HOME/.cache/cairn, here /data (src/start/compile-cache.ts)
CMD ["node", "--max-semi-space-size=8", "--enable-source-maps", "bundle/cairn.js"]
