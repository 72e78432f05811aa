#!/bin/bash
#@machine web
sed -i 's|^        proxy_pass http://app:8080;|&\n        proxy_set_header Host $host;\n        proxy_set_header X-Real-IP $remote_addr;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        proxy_set_header X-Forwarded-Proto $scheme;|' /etc/nginx/sites-available/jardins
cat /etc/nginx/sites-available/jardins
nginx -t
service nginx reload
sleep 0.5
curl -s -H 'Host: jardins.local' http://localhost/echo
