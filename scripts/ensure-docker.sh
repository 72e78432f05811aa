#!/usr/bin/env bash
# Makes sure a Docker Engine answers on this machine. On Debian as root it installs docker.io and starts
# dockerd when needed; otherwise it stops and names what to install.
set -euo pipefail
log() { printf '[atelier] %s\n' "$*" >&2; }

docker_answers() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

if docker_answers; then exit 0; fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "No Docker Engine found: installing Debian's docker.io (apt-get install -y docker.io)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  else
    log "No Docker Engine found. Install one, then run this again:"
    log "  Debian/Ubuntu: sudo apt-get install -y docker.io && sudo systemctl start docker"
    log "  elsewhere:     https://docs.docker.com/engine/install/"
    exit 1
  fi
fi

if [ "$(id -u)" != 0 ]; then
  log "dockerd is installed but not answering, and only root can start it:"
  log "  sudo systemctl start docker   (or: sudo dockerd &)"
  log "  and make sure $(id -un) may use /var/run/docker.sock (group 'docker')."
  exit 1
fi

if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
  log "Starting the Docker Engine with systemctl…"
  systemctl start docker || true
fi
if ! docker_answers; then
  log "Starting dockerd in the background (log: /var/log/atelier-dockerd.log)…"
  # Default log limits protect the host from containers that flood their stdout.
  nohup dockerd --log-opt max-size=1m --log-opt max-file=2 >/var/log/atelier-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  if docker_answers; then log "Docker Engine $(docker version -f '{{.Server.Version}}') is up."; exit 0; fi
  sleep 1
done
log "dockerd did not answer within 60 s; its log:"
tail -n 30 /var/log/atelier-dockerd.log >&2 || true
exit 1
