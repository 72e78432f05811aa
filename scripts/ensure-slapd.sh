#!/usr/bin/env bash
# The LDAP tests start their own private slapd (test/support/slapd.ts). Installs Debian's slapd and ldap-utils
# when missing, without leaving the system's slapd running: the tests never use it.
set -euo pipefail
log() { printf '[atelier] %s\n' "$*" >&2; }
slapd=${SLAPD_PATH:-/usr/sbin/slapd}
if [ -x "$slapd" ] && command -v slapadd >/dev/null 2>&1 && command -v ldapsearch >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "slapd not found: installing Debian's slapd and ldap-utils (apt-get install -y slapd ldap-utils)…"
  # No service start during the install (an existing policy-rc.d is kept as it is).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq slapd ldap-utils >/dev/null
  # Started anyway (no policy-rc.d honoured): stop it, the tests run their own.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet slapd 2>/dev/null; then
    systemctl stop slapd || true
  elif command -v service >/dev/null 2>&1; then
    service slapd stop >/dev/null 2>&1 || true
  fi
  log "slapd $("$slapd" -VV 2>&1 | grep -o 'slapd [0-9.]*' | head -n1 | awk '{print $2}') installed."
else
  log "LDAP tests need slapd at $slapd (or set SLAPD_PATH) and ldap-utils:"
  log "  Debian/Ubuntu: sudo apt-get install -y slapd ldap-utils"
  exit 1
fi
