#!/bin/bash
#@machine web
cat > /etc/letsencrypt/renewal-hooks/deploy/recharger-nginx <<'HOOK'
#!/bin/sh
# Après chaque renouvellement réussi : nginx relit ses certificats.
service nginx reload
HOOK
chmod 755 /etc/letsencrypt/renewal-hooks/deploy/recharger-nginx
# --no-random-sleep-on-renew : hors d'un terminal (comme ici), certbot attendrait jusqu'à 8 minutes.
certbot renew --dry-run --server https://acme:14000/dir --no-random-sleep-on-renew
cat /etc/cron.d/certbot | grep renew
service cron start
