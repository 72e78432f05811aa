#!/bin/bash
# web: a server as found on a fresh VPS: SSH and nginx, plus jardins-app (the association's agenda) on
# port 8080 of every interface, which nobody outside should reach (nginx would proxy it). Offline apt.
# client's address goes into /etc/hosts: the lab's name resolver lives in nat rules of the machine's own
# network stack, which `flush ruleset` (and `service nftables restart`) erase.
set -e
apt-get install -y -q openssh-server nginx >/dev/null
service ssh start
service nginx start
sed -i 's/^LISTEN=.*/LISTEN=0.0.0.0/' /etc/default/jardins-app
service jardins-app start
echo "$(getent hosts client | awk '{print $1; exit}') client" >> /etc/hosts
