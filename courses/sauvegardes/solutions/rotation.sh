#!/bin/bash
echo "find /root/sauvegardes -name 'site-*.tar.gz' -mtime +7 -delete" >> /usr/local/bin/sauvegarde-site
/usr/local/bin/sauvegarde-site
ls -l /root/sauvegardes
