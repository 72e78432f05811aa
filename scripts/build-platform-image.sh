#!/usr/bin/env bash
# Builds the platform image from the Dockerfile. Usage: build-platform-image.sh [TAG] (default atelier/platform:latest)
#
# The Dockerfile's base is node:20-bookworm-slim. When no registry is reachable (and that image is not
# loaded), this makes stand-ins from the Debian base OS image (atelier/os:bookworm, see
# bootstrap-os-image.sh) plus this machine's own Node.js 20 and npm: a build image (with Node's C headers
# and this machine's CA bundle, for npm ci and better-sqlite3) and a slimmer runtime image.
# NODE_IMAGE / RUNTIME_IMAGE in the environment override the choice.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:-atelier/platform:latest}
log() { printf '[atelier] %s\n' "$*" >&2; }
have() { docker image inspect "$1" >/dev/null 2>&1; }

standin() { # $1 = kind (build|runtime)
  local version name dir node npm_dir inc
  version=$(node -p 'process.versions.node')
  name="atelier/node:${version}-standin-$1"
  if have "$name"; then echo "$name"; return; fi
  [ "${version%%.*}" = 20 ] || { log "the stand-in needs Node.js 20 on this machine (found $version)"; exit 1; }
  have atelier/os:bookworm || bash scripts/bootstrap-os-image.sh atelier/os:bookworm
  node=$(readlink -f "$(command -v node)")
  npm_dir=$(cd "$(dirname "$node")/../lib/node_modules/npm" && pwd)
  inc=$(cd "$(dirname "$node")/../include/node" 2>/dev/null && pwd || true)
  dir=$(mktemp -d /var/tmp/atelier-node.XXXXXX)
  trap 'rm -rf "$dir"' RETURN
  cp "$node" "$dir/node" && cp -r "$npm_dir" "$dir/npm" && mkdir -p "$dir/include"
  local extra='' ca=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
  if [ "$1" = build ]; then
    [ -n "$inc" ] && cp -r "$inc" "$dir/include/node"
    # This machine's trust store (it may reach the npm registry through a TLS-inspecting proxy).
    [ -f "$ca" ] && cp "$ca" "$dir/ca.crt" && extra='COPY ca.crt /usr/local/share/atelier/ca.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/atelier/ca.crt'
  fi
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM atelier/os:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include /usr/local/include
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
ENV npm_config_nodedir=/usr/local npm_config_update_notifier=false
$extra
CMD ["node"]
DOCKERFILE
  log "making the stand-in $name (Node.js $version from $node on atelier/os:bookworm)"
  docker build -q -t "$name" "$dir" >/dev/null
  echo "$name"
}

node_image=${NODE_IMAGE:-}
runtime_image=${RUNTIME_IMAGE:-}
if [ -z "$node_image" ]; then
  if have node:20-bookworm-slim || timeout 120 docker pull -q node:20-bookworm-slim >/dev/null 2>&1; then
    node_image=node:20-bookworm-slim
  else
    log "node:20-bookworm-slim is not available (no registry?): using stand-ins"
    node_image=$(standin build)
    runtime_image=${runtime_image:-$(standin runtime)}
  fi
fi
runtime_image=${runtime_image:-$node_image}

started=$(date +%s)
log "docker build -t $tag (build on $node_image, runtime on $runtime_image)"
docker build --build-arg NODE_IMAGE="$node_image" --build-arg RUNTIME_IMAGE="$runtime_image" -t "$tag" .
log "$tag built in $(($(date +%s) - started)) s, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
