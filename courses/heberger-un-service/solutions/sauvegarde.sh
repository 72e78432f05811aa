#!/bin/bash
#@machine backup
apt install -y openssh-server
service ssh start
useradd -m -s /bin/bash sauvegarde
echo 'sauvegarde:provisoire-2024' | chpasswd
mkdir -p /srv/sauvegardes/wiki
chown -R sauvegarde: /srv/sauvegardes
chmod 700 /srv/sauvegardes /srv/sauvegardes/wiki
#@machine db
ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N '' -C 'dumps du wiki' -q
printf '#!/bin/sh\necho provisoire-2024\n' > /root/askpass && chmod 700 /root/askpass
SSH_ASKPASS=/root/askpass SSH_ASKPASS_REQUIRE=force \
  ssh-copy-id -i /root/.ssh/sauvegarde.pub -o StrictHostKeyChecking=accept-new sauvegarde@backup </dev/null
rm /root/askpass
cat > /usr/local/bin/sauvegarde-wiki <<'SH'
#!/bin/bash
# Sauvegarde nocturne du wiki : un dump custom par jour, 14 jours ici, envoyé sur backup.
set -e
umask 077
dir=/var/backups/postgresql
mkdir -p "$dir"
/usr/sbin/runuser -u postgres -- /usr/bin/pg_dump -Fc wiki > "$dir/wiki-$(date +%F).dump"
/usr/bin/find "$dir" -name 'wiki-*.dump' -mtime +14 -delete
/usr/bin/rsync -a -e '/usr/bin/ssh -i /root/.ssh/sauvegarde -o BatchMode=yes' "$dir/" sauvegarde@backup:/srv/sauvegardes/wiki/
SH
chmod 755 /usr/local/bin/sauvegarde-wiki
env -i HOME=/root PATH=/usr/bin:/bin /usr/local/bin/sauvegarde-wiki
(crontab -l 2>/dev/null; echo '30 2 * * * /usr/local/bin/sauvegarde-wiki >>/var/log/sauvegarde-wiki.log 2>&1') | crontab -
service cron start
# The proof: the copy on backup, restored into a new database.
dump=wiki-$(date +%F).dump
scp -i /root/.ssh/sauvegarde "sauvegarde@backup:/srv/sauvegardes/wiki/$dump" /tmp/
su - postgres -c 'createdb -O wiki wiki_restauree'
runuser -u postgres -- pg_restore --no-owner --role=wiki -d wiki_restauree < "/tmp/$dump"
rm "/tmp/$dump"
su - postgres -c "psql -d wiki_restauree -Atc \"SELECT page_title FROM mediawiki.page ORDER BY page_id\""
#@machine backup
passwd -l sauvegarde
