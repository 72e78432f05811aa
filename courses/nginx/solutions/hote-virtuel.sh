#!/bin/bash
cat > /etc/nginx/sites-available/jardins <<'CONF'
server {
    listen 80;
    server_name jardins.local;
    root /var/www/jardins;
    index index.html;

    access_log /var/log/nginx/jardins.access.log;
    error_log /var/log/nginx/jardins.error.log;
}
CONF
ln -s /etc/nginx/sites-available/jardins /etc/nginx/sites-enabled/
nginx -t
service nginx reload
sleep 0.5
curl -s -H 'Host: jardins.local' http://localhost/
