#!/usr/bin/env bash
# The CAS and SAML tests start their own private LemonLDAP::NG portal (test/support/lemonldap.ts), served by
# Plack from a temp dir. Installs Debian's packages when missing, without leaving any system service running.
set -euo pipefail
log() { printf '[atelier] %s\n' "$*" >&2; }
packages=(liblemonldap-ng-portal-perl lemonldap-ng-fastcgi-server liblasso-perl libplack-perl libxml-simple-perl libio-string-perl libglib-perl)
have() { perl -MLemonldap::NG::Portal::Main -MLasso -MPlack::Runner -MXML::Simple -MIO::String -MGlib -e1 2>/dev/null && command -v plackup >/dev/null; }
if have; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "LemonLDAP::NG not found: installing ${packages[*]} (apt-get install --no-install-recommends)…"
  # No service start during the install (an existing policy-rc.d is kept as it is).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  # Started anyway (no policy-rc.d honoured): stop it, the tests run their own portal.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet lemonldap-ng-fastcgi-server 2>/dev/null; then
    systemctl stop lemonldap-ng-fastcgi-server || true
  elif command -v service >/dev/null 2>&1; then
    service lemonldap-ng-fastcgi-server stop >/dev/null 2>&1 || true
  fi
  have || { log "LemonLDAP::NG still not usable after the install"; exit 1; }
  log "LemonLDAP::NG $(dpkg-query -W -f='${Version}' liblemonldap-ng-portal-perl) installed."
else
  log "CAS and SAML tests need LemonLDAP::NG, Lasso and Plack:"
  log "  Debian/Ubuntu: sudo apt-get install -y --no-install-recommends ${packages[*]}"
  exit 1
fi
