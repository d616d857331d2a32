# Hallway's container image: built with the build tools, run without them.
#   docker build -t hallway .
#   docker run -p 3978:3978 -v hallway-data:/data --env-file .env hallway
# The runtime needs Bot Framework credentials, SSO_CLIENT_ID and PUBLIC_HOSTNAME (NODE_ENV is
# production here): see README, "Install it in Teams".
ARG NODE_VERSION=22

# --- build: every dependency, the TypeScript build, then only what runs -----------------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 is a native module: a C++ toolchain compiles it when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bot ./bot
COPY tab ./tab
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: Node, production dependencies (better-sqlite3 as built above) and dist/ ---------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    SQLITE_PATH=/data/hallway.db \
    TAB_DIR=/app/dist/tab
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded database lives on a volume, written by the unprivileged user "node" (uid 1000).
# Mount a local disk there, never a network share; with several replicas use STORAGE=azure-tables.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node, not npm start: signals reach Hallway directly, which stops cleanly on SIGTERM.
CMD ["node", "--disable-warning=DEP0111", "dist/bot/main.js"]
