#!/bin/bash
#@machine serveur
cat > /etc/ssh/sshd_config.d/durcissement.conf <<'CONF'
# Clés seulement, et pas de connexion directe de root (admin utilise sudo).
PasswordAuthentication no
PermitRootLogin no
CONF
sshd -t
sshd -T | grep -Ei '^(passwordauthentication|permitrootlogin) '
service ssh reload
#@machine poste
sleep 0.5
ssh -n -o BatchMode=yes -o PubkeyAuthentication=no admin@serveur true || true
ssh -n -o BatchMode=yes admin@serveur whoami
