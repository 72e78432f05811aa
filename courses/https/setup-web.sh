#!/bin/bash
# web: the association's site (static files), and its names in /etc/hosts (the lab has no real DNS).
set -e
echo "$(getent hosts web | awk '{print $1; exit}') www.jardins.test jardins.test" >> /etc/hosts
mkdir -p /var/www/jardins
cat > /var/www/jardins/index.html <<'HTML'
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Les Jardins partagés</title></head>
<body>
<h1>Les Jardins partagés</h1>
<p>Bienvenue ! Les parcelles du quartier sont ouvertes le samedi matin.</p>
<p><a href="agenda.html">L'agenda des ateliers</a></p>
</body>
</html>
HTML
cat > /var/www/jardins/agenda.html <<'HTML'
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Agenda — Les Jardins partagés</title></head>
<body>
<h1>Agenda des Jardins partagés</h1>
<ul><li>Samedi : semis de tomates</li><li>Mercredi : atelier compost</li></ul>
</body>
</html>
HTML
chmod 755 /var/www/jardins
chmod 644 /var/www/jardins/*.html
