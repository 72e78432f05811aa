#!/bin/bash
rm /etc/nginx/sites-enabled/default
sed -i 's|^    listen 80;|    listen 80 default_server;|' /etc/nginx/sites-available/jardins
sed -i 's|^\s*#\s*server_tokens off;|\tserver_tokens off;|' /etc/nginx/nginx.conf
grep -q '^\s*server_tokens off;' /etc/nginx/nginx.conf || sed -i 's|^http {|http {\n\tserver_tokens off;|' /etc/nginx/nginx.conf
nginx -t
service nginx reload
sleep 0.5
curl -sI http://localhost/
