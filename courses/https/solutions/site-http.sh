#!/bin/bash
#@machine web
apt install -y nginx
cat > /etc/nginx/sites-available/jardins <<'CONF'
server {
    listen 80;
    server_name www.jardins.test jardins.test;
    root /var/www/jardins;
}
CONF
ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/
nginx -t
service nginx start
#@machine client
sleep 0.5
curl -s http://www.jardins.test/ | head -5
