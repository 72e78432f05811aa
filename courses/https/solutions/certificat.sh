#!/bin/bash
#@machine web
apt install -y certbot
certbot certonly --webroot -w /var/www/jardins -d www.jardins.test -d jardins.test \
  --server https://acme:14000/dir --agree-tos -m webmestre@jardins.test --no-eff-email
ls -l /etc/letsencrypt/live/www.jardins.test/
openssl x509 -in /etc/letsencrypt/live/www.jardins.test/cert.pem -noout -subject -issuer -ext subjectAltName -enddate
