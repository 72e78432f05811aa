#!/bin/bash
#@machine web
cd /usr/share/mediawiki
runuser -u www-data -- php maintenance/edit.php --user admin --summary 'Première page' 'Accueil des jardins' <<'TEXTE'
Bienvenue sur le wiki des '''Jardins partagés'''.

Les parcelles sont ouvertes tous les samedis matin, de 9 h à 12 h.
TEXTE
curl -s -H 'Host: wiki.jardins.test' http://localhost/index.php/Accueil_des_jardins | grep -o 'Les parcelles[^<]*'
