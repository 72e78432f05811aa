#!/bin/bash
#@machine app
service jardins-app start
#@machine web
sed -i 's|^    location / {|    location /static/ {\n        alias /var/www/jardins/static/;\n    }\n\n&|' /etc/nginx/sites-available/jardins
cat /etc/nginx/sites-available/jardins
nginx -t
service nginx reload
sleep 0.5
curl -s http://localhost/static/jardins.css | head -2
curl -s http://localhost/ | grep -c 'Servi par jardins-app'
