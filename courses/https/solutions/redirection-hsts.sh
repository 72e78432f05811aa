#!/bin/bash
#@machine web
cat > /etc/nginx/sites-available/jardins <<'CONF'
server {
    listen 80;
    server_name www.jardins.test jardins.test;

    # Les défis HTTP-01 des renouvellements restent en HTTP.
    location /.well-known/acme-challenge/ {
        root /var/www/jardins;
    }
    location / {
        return 301 https://$host$request_uri;
    }
}

server {
    listen 443 ssl;
    server_name www.jardins.test jardins.test;
    root /var/www/jardins;

    ssl_certificate     /etc/letsencrypt/live/www.jardins.test/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/www.jardins.test/privkey.pem;

    add_header Strict-Transport-Security "max-age=300" always;
}
CONF
nginx -t
service nginx reload
#@machine client
sleep 0.5
curl -sI http://www.jardins.test/agenda.html | grep -i '^location'
curl -sI https://www.jardins.test/ | grep -i '^strict-transport-security'
