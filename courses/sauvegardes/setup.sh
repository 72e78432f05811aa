#!/bin/bash
# Starting state of "Sauvegardes": a small site, a damaged configuration with yesterday's archive,
# and backups from the last three weeks.
set -e
mkdir -p /srv/site/images /root/sauvegardes /etc/monapp
cat > /srv/site/index.html <<'HTML'
<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Les Jardins partagés</title></head>
<body><h1>Les Jardins partagés</h1></body></html>
HTML
echo 'Samedi : plantation des tomates' > /srv/site/agenda.txt
printf 'PNG' > /srv/site/images/logo.png

cat > /etc/monapp/monapp.conf <<'TXT'
# Configuration de monapp
nom = monapp
port = 8080
mode = production
admin = contact@asso.example
TXT
echo 'Notes : modifié ce matin, à garder' > /etc/monapp/notes.txt.new
echo 'Notes : version d hier' > /etc/monapp/notes.txt
tar -czf /root/sauvegardes/monapp-hier.tar.gz -C / etc/monapp
touch -d 'yesterday 03:00' /root/sauvegardes/monapp-hier.tar.gz
mv /etc/monapp/notes.txt.new /etc/monapp/notes.txt
# This morning, a bad edit mangled the configuration.
printf '###\n### fichier abîmé\np0rt = ????\n' > /etc/monapp/monapp.conf

# Daily backups of the past three weeks (empty stand-ins, dated by their mtime).
for d in $(seq 1 21); do
  f=/root/sauvegardes/site-$(date -d "$d days ago" +%F).tar.gz
  tar -czf "$f" -C / srv/site
  touch -d "$d days ago" "$f"
done
