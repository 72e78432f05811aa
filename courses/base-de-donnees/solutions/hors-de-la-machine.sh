#!/bin/bash
#@machine backup
apt install -y openssh-server
service ssh start
useradd -m -s /bin/bash sauvegarde
# The lesson types a password with `passwd`; it only serves once, for ssh-copy-id.
echo 'sauvegarde:provisoire-2024' | chpasswd
mkdir -p /srv/sauvegardes/postgresql
chown -R sauvegarde: /srv/sauvegardes
chmod 700 /srv/sauvegardes /srv/sauvegardes/postgresql
#@machine db
ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N '' -C 'dumps de db' -q
printf '#!/bin/sh\necho provisoire-2024\n' > /root/askpass && chmod 700 /root/askpass
SSH_ASKPASS=/root/askpass SSH_ASKPASS_REQUIRE=force \
  ssh-copy-id -i /root/.ssh/sauvegarde.pub -o StrictHostKeyChecking=accept-new sauvegarde@backup </dev/null
rm /root/askpass
cat >> /usr/local/bin/sauvegarde-base <<'SH'
# Puis une copie hors de la machine : sur backup, avec la clé dédiée.
/usr/bin/rsync -a -e '/usr/bin/ssh -i /root/.ssh/sauvegarde -o BatchMode=yes' "$dir/" sauvegarde@backup:/srv/sauvegardes/postgresql/
SH
env -i HOME=/root PATH=/usr/bin:/bin /usr/local/bin/sauvegarde-base
ssh -n -i /root/.ssh/sauvegarde sauvegarde@backup ls -l /srv/sauvegardes/postgresql
#@machine backup
passwd -l sauvegarde
