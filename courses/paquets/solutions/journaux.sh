#!/bin/bash
logger -t sauvegarde "Sauvegarde terminée"
grep ' install htop' /var/log/dpkg.log | cut -d' ' -f1 > /root/installation-htop.txt
sleep 1
tail -n 3 /var/log/syslog
