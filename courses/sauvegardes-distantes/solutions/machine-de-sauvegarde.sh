#!/bin/bash
#@machine backup
apt install -y openssh-server
service ssh start
useradd -m -s /bin/bash sauvegarde
# The lesson types a password with `passwd`; a script uses chpasswd. It only serves for ssh-copy-id.
echo 'sauvegarde:provisoire-2024' | chpasswd
mkdir -p /srv/sauvegardes
chown sauvegarde: /srv/sauvegardes
chmod 700 /srv/sauvegardes
ls -ld /srv/sauvegardes
