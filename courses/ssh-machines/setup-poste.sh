#!/bin/bash
# poste: the files the last exercise copies to serveur.
set -e
cat > /root/compte-rendu.txt <<'TXT'
Assemblée générale des Jardins partagés
- nouveau bac à compost
- arrosage : planning de l'été
TXT
mkdir -p /root/photos
echo 'photo du potager (pour de faux)' > /root/photos/potager.txt
echo 'photo des semis (pour de faux)' > /root/photos/semis.txt
