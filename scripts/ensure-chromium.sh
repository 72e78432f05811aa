#!/usr/bin/env bash
# Browser tests drive a real Chromium through playwright-core. Installs Debian's chromium when missing.
set -euo pipefail
log() { printf '[atelier] %s\n' "$*" >&2; }
bin=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$bin" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "Chromium not found: installing Debian's chromium (apt-get install -y chromium)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  log "Chromium $("$bin" --version 2>/dev/null | awk '{print $2}') installed."
else
  log "Browser tests need Chromium at $bin (or set CHROMIUM_PATH):"
  log "  Debian/Ubuntu: sudo apt-get install -y chromium"
  exit 1
fi
