#!/bin/bash
# web: the site to back up. programme.html was deleted by mistake last week (the archives on backup
# still have it); brouillon.txt is deleted after the learner's first copy, to show rsync --delete.
set -e
mkdir -p /srv/site/images
cat > /srv/site/index.html <<'HTML'
<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Les Jardins partagés</title></head>
<body><h1>Les Jardins partagés</h1><p><a href="programme.html">Le programme</a></p></body></html>
HTML
echo 'Samedi : plantation des tomates' > /srv/site/agenda.txt
printf 'PNG' > /srv/site/images/logo.png
chmod 755 /srv/site /srv/site/images
chmod 644 /srv/site/index.html /srv/site/agenda.txt /srv/site/images/logo.png
echo 'Idées en vrac, à ne pas publier' > /srv/site/brouillon.txt
chmod 644 /srv/site/brouillon.txt
