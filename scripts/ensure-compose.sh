#!/usr/bin/env bash
# Makes sure Docker Compose runs here: the v2 plugin (`docker compose`) or v1 (`docker-compose`). As root on
# Debian it installs Debian's docker-compose package (v1) when neither is present; otherwise it says what to do.
set -euo pipefail
log() { printf '[atelier] %s\n' "$*" >&2; }

if docker compose version >/dev/null 2>&1 || docker-compose version >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "No Docker Compose found: installing Debian's docker-compose (apt-get install -y docker-compose)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  docker-compose version >/dev/null && exit 0
fi
log "Docker Compose is missing. Install the plugin (https://docs.docker.com/compose/install/) or, on Debian:"
log "  sudo apt-get install -y docker-compose"
exit 1
