#!/bin/bash
chown root:benevoles /srv/partage
chmod 2775 /srv/partage
su - bob -c 'echo "samedi : arrosage" > /srv/partage/planning.txt'
ls -l /srv/partage
