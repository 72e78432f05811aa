#!/bin/bash
#@machine web
apt install -y rsyslog
sed -i 's/^module(load="imklog")/#&/' /etc/rsyslog.conf
echo '*.* @@logs:514' > /etc/rsyslog.d/90-vers-logs.conf
rsyslogd -N1
rsyslogd
sleep 0.5
logger -t jardins "Arrosage du potager terminé"
#@machine app
apt install -y rsyslog
sed -i 's/^module(load="imklog")/#&/' /etc/rsyslog.conf
echo '*.* @@logs:514' > /etc/rsyslog.d/90-vers-logs.conf
rsyslogd
sleep 0.5
logger -t jardins "Commande de graines envoyée"
#@machine logs
sleep 1
ls -R /var/log/remote
tail /var/log/remote/web/syslog.log
