#!/bin/bash
cat > /usr/local/bin/sauvegarde-site <<'SH'
#!/bin/bash
# Sauvegarde quotidienne du site dans /root/sauvegardes
set -e
tar -czf "/root/sauvegardes/site-$(date +%F).tar.gz" -C / srv/site
SH
chmod 755 /usr/local/bin/sauvegarde-site
/usr/local/bin/sauvegarde-site
ls -l /root/sauvegardes
