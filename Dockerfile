# The Atelier platform image. Multi-stage: dependencies, the client and the compiled server are built in
# throw-away stages; the runtime stage holds Node.js, production node_modules, the server bundled into one
# JavaScript file (dist/server/main.js), the built client, and default courses/exercises (compose mounts the
# host's). The server runs with no TypeScript loader: it compiles course modules itself (esbuild). The
# sources stay: the bundle reads the files beside them (grader library, relay, seccomp profile, the
# holder's sources), and tsx runs the command-line tools (`npm run admin`, `npm run backup`).
#
# No registry? Every base image is a build argument: scripts/build-platform-image.sh makes a stand-in
# Node.js image from a debootstrapped Debian and builds this file on top of it.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=${NODE_IMAGE}

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# Then only what runs: production packages, minus the browser-only ones (bundled into dist/client) and
# better-sqlite3's sources and objects (only its compiled addon is loaded).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@xterm node_modules/lit node_modules/lit-html node_modules/lit-element \
           node_modules/@lit node_modules/@lit-labs node_modules/socket.io-client \
           node_modules/@codemirror node_modules/@lezer node_modules/@marijn node_modules/crelt \
           node_modules/style-mod node_modules/w3c-keyname \
 && cd node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ && rm -rf build deps src \
 && mkdir -p build/Release && mv /tmp/better_sqlite3.node build/Release/

FROM ${RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    npm_config_cache=/tmp/.npm \
    npm_config_update_notifier=false \
    ATELIER_HOST=0.0.0.0 \
    ATELIER_PORT=3000 \
    ATELIER_DATA_DIR=/data \
    ATELIER_COURSES_DIR=/app/courses \
    ATELIER_EXERCISES_DIR=/app/exercises
# git fetches the course libraries an admin adds (server/courses/sources); ssh for ssh:// sources.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# A fixed uid/gid so the data volume keeps its owner across rebuilds. The Docker socket's group is added
# at run time (compose: group_add DOCKER_GID).
RUN groupadd --system --gid 10001 atelier \
 && useradd --system --uid 10001 --gid atelier --home-dir /app --shell /usr/sbin/nologin atelier \
 && install -d -o atelier -g atelier -m 0750 /data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/server ./server
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/courses ./courses
COPY --from=build /app/exercises ./exercises
USER atelier
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10m --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# One process (no npm wrapper): SIGTERM reaches the server, which drains and lets go of shells and the database.
CMD ["node", "dist/server/main.js"]
