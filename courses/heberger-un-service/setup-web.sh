#!/bin/bash
# web: an old test application still answers on port 8080, open to the whole network (the firewall
# exercise must hide it).
set -e
sed -i 's/^LISTEN=.*/LISTEN=0.0.0.0/' /etc/default/jardins-app
service jardins-app start >/dev/null
