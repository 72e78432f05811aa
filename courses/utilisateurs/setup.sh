#!/bin/bash
# Starting state of "Utilisateurs": an existing group, a departed volunteer and a former intern.
set -e
groupadd compta
useradd -m -s /bin/bash -c 'Ancien trésorier' ancien
echo 'ancien:Tresor2023!' | chpasswd
echo 'comptes 2023 : à garder' > /home/ancien/archives.txt
chown ancien:ancien /home/ancien/archives.txt
useradd -m -s /bin/bash -c 'Stagiaire' stagiaire
echo 'stagiaire:Stage2024!' | chpasswd
mkdir -p /srv/partage
# alice already belongs to compta in the organisation chart; the learner creates her account first.
