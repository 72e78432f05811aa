#!/bin/bash
#@machine web
mkdir -p /var/www/erreurs
cat > /var/www/erreurs/panne.html <<'HTML'
<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Maintenance</title></head>
<body><h1>Le site revient bientôt</h1>
<p>L'agenda des Jardins partagés est en maintenance. Merci de votre patience !</p></body></html>
HTML
sed -i 's|^    server_name jardins.local;|&\n\n    error_page 502 503 504 /panne.html;\n    location = /panne.html {\n        root /var/www/erreurs;\n        internal;\n    }|' /etc/nginx/sites-available/jardins
cat /etc/nginx/sites-available/jardins
nginx -t
service nginx reload
#@machine app
service jardins-app stop
#@machine web
sleep 0.5
curl -si http://localhost/ | head -3
