#!/bin/bash
# Starting state of "Premiers pas": files the learner explores, moves, edits and searches.
set -e

cat > /root/bienvenue.txt <<'TXT'
Bienvenue sur votre serveur !

Vous êtes connecté en tant que root, l'administrateur de la machine.
Tout ce que vous tapez ici s'exécute vraiment : prenez votre temps.

Le mot secret de la salle des machines est : tournesol

Pour valider le premier exercice, écrivez ce mot dans le fichier /root/reponse.txt
TXT

mkdir -p /root/depot
cat > /root/depot/notes.txt <<'TXT'
Réunion du lundi
- installer le serveur web
- prévoir les sauvegardes
- créer les comptes des bénévoles
TXT
cat > /root/depot/brouillon.txt <<'TXT'
Rapport d'activité (brouillon)
Le serveur tourne depuis trois mois sans incident.
TXT
printf '%s\n' '2024-01-03 12:00:01 démarrage' '2024-01-03 12:00:02 arrêt' > /root/depot/vieux.log
cat > /root/depot/sauvegarde.sh <<'TXT'
#!/bin/bash
# Sauvegarde (factice) du projet
echo "Sauvegarde OK : $(date +%F)"
TXT
chmod 644 /root/depot/sauvegarde.sh
echo 'Code du coffre : 4321' > /root/depot/secret.txt
chmod 644 /root/depot/secret.txt

mkdir -p /etc/monapp
cat > /etc/monapp/monapp.conf <<'TXT'
# Configuration de monapp
# Une ligne par réglage : nom = valeur
nom = monapp
port = 8080
mode = test
TXT

mkdir -p /var/log/monapp
cat > /var/log/monapp/monapp.log <<'TXT'
2024-03-01 08:00:00 INFO démarrage de monapp
2024-03-01 08:00:01 INFO écoute sur le port 8080
2024-03-01 09:12:44 WARN mémoire utilisée à 80 %
2024-03-01 09:15:02 ERROR disque plein sur /var
2024-03-01 10:01:10 INFO 42 requêtes servies
2024-03-01 11:30:00 ERROR connexion refusée par la base de données
2024-03-01 11:30:05 WARN nouvelle tentative dans 5 s
2024-03-01 11:30:10 INFO connexion rétablie
2024-03-01 14:45:59 ERROR délai dépassé pour /api/rapport
2024-03-01 18:00:00 INFO arrêt de monapp
TXT

mkdir -p /srv/donnees/2022/hiver /srv/donnees/2023/printemps /srv/donnees/2023/ete
echo 'photos du repas' > /srv/donnees/2022/hiver/album.txt
echo 'liste des adhérents' > /srv/donnees/2023/printemps/adherents.txt
echo 'Clé de secours : CLE-7F3A-92' > /srv/donnees/2023/ete/cle-perdue.txt
