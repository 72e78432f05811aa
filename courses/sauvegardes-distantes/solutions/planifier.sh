#!/bin/bash
#@machine web
cat > /usr/local/bin/sauvegarde-distante <<'SH'
#!/bin/bash
# Envoie /srv/site sur backup (miroir exact), avec la clé dédiée.
set -e
/usr/bin/rsync -az --delete -e '/usr/bin/ssh -i /root/.ssh/sauvegarde -o BatchMode=yes' \
  /srv/site/ sauvegarde@backup:/srv/sauvegardes/site/
SH
chmod 755 /usr/local/bin/sauvegarde-distante
env -i HOME=/root PATH=/usr/bin:/bin /usr/local/bin/sauvegarde-distante
# The lesson uses `crontab -e`; a script feeds the same line to `crontab -`.
(crontab -l 2>/dev/null; echo '15 3 * * * /usr/local/bin/sauvegarde-distante >>/var/log/sauvegarde-distante.log 2>&1') | crontab -
crontab -l
service cron start
