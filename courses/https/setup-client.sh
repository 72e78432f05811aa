#!/bin/bash
# client: a visitor's computer. Its names in /etc/hosts, and it trusts the lab's certificate authority,
# as every browser trusts Let's Encrypt's root: pebble's root, fetched from pebble's management port
# (its HTTPS certificate is signed by a test CA this image already trusts).
set -e
echo "$(getent hosts web | awk '{print $1; exit}') www.jardins.test jardins.test" >> /etc/hosts
curl -sf --retry 5 --retry-delay 1 --retry-all-errors https://acme:15000/roots/0 \
  -o /usr/local/share/ca-certificates/jardins-acme-racine.crt
update-ca-certificates >/dev/null
