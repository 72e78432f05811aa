#!/bin/bash
# backup: weekly archives made by the previous administrator, before programme.html was deleted from
# web. Each week's programme is a little more finished; the last one is the version to restore.
set -e
tmp=$(mktemp -d)
mkdir -p "$tmp/srv/site/images" /srv/archives
printf '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Les Jardins partagés</title></head>\n<body><h1>Les Jardins partagés</h1></body></html>\n' > "$tmp/srv/site/index.html"
echo 'Samedi : plantation des tomates' > "$tmp/srv/site/agenda.txt"
printf 'PNG' > "$tmp/srv/site/images/logo.png"
for weeks in 3 2 1; do
  case $weeks in
    3) title='Programme (brouillon)' ;;
    2) title='Programme de la saison (brouillon relu)' ;;
    1) title='Programme de la saison' ;;
  esac
  printf '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>%s</title></head>\n<body><h1>%s</h1><ul><li>Mars : semis</li><li>Mai : plantations</li><li>Septembre : fête des récoltes</li></ul></body></html>\n' "$title" "$title" > "$tmp/srv/site/programme.html"
  chmod 755 "$tmp/srv/site" "$tmp/srv/site/images"
  chmod 644 "$tmp"/srv/site/*.* "$tmp/srv/site/images/logo.png"
  day=$(date -d "$((weeks * 7)) days ago" +%F)
  tar -czf "/srv/archives/site-$day.tar.gz" --owner=root --group=root -C "$tmp" srv/site
  touch -d "$((weeks * 7)) days ago 02:30" "/srv/archives/site-$day.tar.gz"
done
rm -rf "$tmp"
chmod 755 /srv/archives
chmod 644 /srv/archives/*.tar.gz
