#!/bin/bash
# dns's address, asked of Docker's resolver while it is still the one in /etc/resolv.conf.
#@machine client
cp /etc/resolv.conf /root/resolv.conf.docker
DNS_IP=$(getent hosts dns | cut -d' ' -f1)
# sed -i cannot replace this file (Docker mounts it): rewrite it in place.
cat > /etc/resolv.conf <<CONF
nameserver $DNS_IP
search jardins.test
options timeout:1 attempts:1
CONF
getent hosts www.jardins.test
getent hosts web
curl -s http://www.jardins.test:8080/sante
#@machine web
cp /etc/resolv.conf /root/resolv.conf.docker
DNS_IP=$(getent hosts dns | cut -d' ' -f1)
cat > /etc/resolv.conf <<CONF
nameserver $DNS_IP
search jardins.test
options timeout:1 attempts:1
CONF
getent hosts client
