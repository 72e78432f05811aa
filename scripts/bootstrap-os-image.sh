#!/usr/bin/env bash
# Makes a Debian bookworm base image without a registry: debootstrap (minbase) from the machine's own
# Debian mirror, then `docker import`. Usage: bootstrap-os-image.sh IMAGE_NAME
set -euo pipefail
name=${1:?usage: bootstrap-os-image.sh IMAGE_NAME}
log() { printf '[atelier] %s\n' "$*" >&2; }

if ! command -v debootstrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "Installing debootstrap (apt-get install -y debootstrap)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  else
    log "No registry reachable and no debootstrap: install it (sudo apt-get install debootstrap) or make"
    log "debian:bookworm-slim available to Docker (docker load / docker pull)."
    exit 1
  fi
fi
if [ "$(id -u)" != 0 ]; then log "debootstrap needs root: run 'sudo npm run images' once."; exit 1; fi

# The mirror this machine already uses (deb822 or one-line sources), else Debian's default.
# A Debian archive URL ends in /debian (not /debian-security, not a third-party repository).
mirror=$( { grep -rhoE '^URIs: *\S+' /etc/apt/sources.list.d/ 2>/dev/null | awk '{print $2}';
  grep -rhoE '^deb +(\[[^]]*\] +)?\S+' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $NF}'; } |
  grep -E '/debian/?$' | head -n1 || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

dir=$(mktemp -d /var/tmp/atelier-rootfs.XXXXXX)
trap 'rm -rf "$dir"' EXIT
log "debootstrap --variant=minbase bookworm from $mirror (about a minute)…"
debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.log" 2>&1 || {
  log "debootstrap failed; last lines:"; tail -n 20 "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
echo "deb $mirror bookworm main" >"$dir/etc/apt/sources.list"
log "docker import → $name"
tar -C "$dir" -c . | docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$name" >/dev/null
log "Base OS image $name is ready."
