#!/bin/bash
#@machine web
apt install -y python3-certbot-nginx
certbot --nginx --server https://acme:14000/dir --non-interactive --agree-tos -m admin@jardins.test \
  --no-eff-email -d wiki.jardins.test --redirect
#@machine client
# The lab's root: the lesson copies /var/lib/pebble/root.pem from acme by hand (cat, then paste); pebble
# also serves it on its management port, whose own certificate this image trusts.
curl -s https://acme:15000/roots/0 > /root/racine-acme.pem
curl -s --cacert /root/racine-acme.pem https://wiki.jardins.test/index.php/Accueil_des_jardins | grep -o 'Les parcelles[^<]*'
curl -sI http://wiki.jardins.test/ | grep -i '^location'
