#!/bin/bash
#@machine web
cat >> /etc/nginx/sites-available/jardins <<'CONF'

server {
    listen 443 ssl;
    server_name www.jardins.test jardins.test;
    root /var/www/jardins;

    ssl_certificate     /etc/letsencrypt/live/www.jardins.test/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/www.jardins.test/privkey.pem;
}
CONF
nginx -t
service nginx reload
#@machine client
sleep 0.5
curl -s https://www.jardins.test/ | head -5
