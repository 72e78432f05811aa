#!/bin/bash
# acme: the lab's certificate authority (pebble, Let's Encrypt's test server), on https://acme:14000/dir.
# Its root certificate is /var/lib/pebble/root.pem.
set -e
service pebble start
