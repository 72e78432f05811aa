#!/bin/bash
#@machine web
apt install -y nginx
cat > /etc/nginx/sites-available/jardins <<'CONF'
server {
    listen 80 default_server;
    server_name jardins.local;

    location / {
        proxy_pass http://app:8080;
    }
}
CONF
ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/
rm /etc/nginx/sites-enabled/default
nginx -t
service nginx start
sleep 0.5
curl -s http://localhost/ | head -5
