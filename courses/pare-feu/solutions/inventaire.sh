#!/bin/bash
#@machine web
ss -ltnp
#@machine client
sonde web 22 80 8080
#@machine web
echo 8080 > /root/port-a-fermer.txt
apt install -y nftables
