#!/bin/bash
#@machine web
# ssh -n: the solution itself arrives on bash's stdin, which ssh would otherwise read.
ssh -n -i /root/.ssh/sauvegarde sauvegarde@backup ls -l /srv/archives
latest=$(ssh -n -i /root/.ssh/sauvegarde sauvegarde@backup 'ls /srv/archives | sort | tail -1')
scp -i /root/.ssh/sauvegarde "sauvegarde@backup:/srv/archives/$latest" /tmp/
tar -tzf "/tmp/$latest"
tar -xzf "/tmp/$latest" -C / srv/site/programme.html
rm "/tmp/$latest"
ls -l /srv/site/programme.html
/usr/local/bin/sauvegarde-distante
