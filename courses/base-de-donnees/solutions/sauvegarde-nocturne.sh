#!/bin/bash
#@machine db
head -5 /var/backups/postgresql/jardins-2024-03-01.sql
cat > /usr/local/bin/sauvegarde-base <<'SH'
#!/bin/bash
# Sauvegarde nocturne de la base jardins : un dump au format custom par jour, gardé 14 jours.
set -e
umask 077
dir=/var/backups/postgresql
/usr/sbin/runuser -u postgres -- /usr/bin/pg_dump -Fc jardins > "$dir/jardins-$(date +%F).dump"
/usr/bin/find "$dir" -name 'jardins-*' -mtime +14 -delete
SH
chmod 755 /usr/local/bin/sauvegarde-base
/usr/local/bin/sauvegarde-base
ls -l /var/backups/postgresql
pg_restore -l "/var/backups/postgresql/jardins-$(date +%F).dump" | head -20
# The lesson uses `crontab -e`; a script feeds the same line to `crontab -`.
(crontab -l 2>/dev/null; echo '30 2 * * * /usr/local/bin/sauvegarde-base >>/var/log/sauvegarde-base.log 2>&1') | crontab -
service cron start
