#!/bin/bash
mv /root/depot/sauvegarde.sh /root/projet/scripts/
chmod 755 /root/projet/scripts/sauvegarde.sh
/root/projet/scripts/sauvegarde.sh
chmod 600 /root/depot/secret.txt
chmod 750 /root/projet/archives
