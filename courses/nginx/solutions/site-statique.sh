#!/bin/bash
useradd -m -s /bin/bash webmestre
mkdir -p /var/www/jardins
cat > /var/www/jardins/index.html <<'HTML'
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Les Jardins partagés</title></head>
<body>
  <h1>Les Jardins partagés</h1>
  <p>Rendez-vous chaque samedi à 10 h, rue des Lilas.</p>
</body>
</html>
HTML
chown -R webmestre:www-data /var/www/jardins
chmod 750 /var/www/jardins
chmod 640 /var/www/jardins/index.html
