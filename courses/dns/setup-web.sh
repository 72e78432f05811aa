#!/bin/bash
# web: the association's calendar (jardins-app, shipped in the image) answers on every interface, port 8080,
# so that `curl http://www.jardins.test:8080/` from client shows the site once the names resolve.
set -e
sed -i 's/^LISTEN=.*/LISTEN=0.0.0.0/' /etc/default/jardins-app
service jardins-app start >/dev/null
