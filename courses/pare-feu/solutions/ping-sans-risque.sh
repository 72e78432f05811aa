#!/bin/bash
#@machine web
cp /etc/nftables.conf /root/nftables.conf.ok
sed -i 's|^        iif lo accept .*|&\n        meta l4proto { icmp, ipv6-icmp } accept   # ping, erreurs réseau, voisins IPv6|' /etc/nftables.conf
nft -c -f /etc/nftables.conf
# Filet de sécurité : sans confirmation, l'ancienne version revient dans 60 secondes.
( sleep 60 && nft -f /root/nftables.conf.ok ) >/dev/null 2>&1 &
echo $! > /root/filet.pid
service nftables restart
#@machine client
ping -c 2 -W 1 web
sonde web 22
#@machine web
# Tout va bien : on désarme le filet.
kill "$(cat /root/filet.pid)"
nft list ruleset | grep icmp
