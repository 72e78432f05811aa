#!/bin/bash
# acme: the lab's certificate authority. pebble (Let's Encrypt's ACME test server) answers on
# https://acme:14000/dir; /etc/init.d/pebble saves its issuing root to /var/lib/pebble/root.pem.
# pebble checks HTTP-01 challenges by connecting to the name on port 80: the site's names must
# resolve here to web (pebble, a Go program, reads /etc/hosts).
set -e
echo "$(getent hosts web | awk '{print $1; exit}') www.jardins.test jardins.test" >> /etc/hosts
service pebble start
