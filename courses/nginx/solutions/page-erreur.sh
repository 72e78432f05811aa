#!/bin/bash
cat > /var/www/jardins/404.html <<'HTML'
<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Page introuvable</title></head>
<body><h1>Page introuvable</h1><p><a href="/">Retour à l'accueil</a></p></body></html>
HTML
chown webmestre:www-data /var/www/jardins/404.html
chmod 640 /var/www/jardins/404.html
sed -i 's|^    index index.html;|    index index.html;\n    error_page 404 /404.html;|' /etc/nginx/sites-available/jardins
nginx -t
service nginx reload
sleep 0.5
curl -s -H 'Host: jardins.local' http://localhost/nexiste-pas
