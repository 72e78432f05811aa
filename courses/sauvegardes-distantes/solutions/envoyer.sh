#!/bin/bash
#@machine web
rsync -az -e 'ssh -i /root/.ssh/sauvegarde' /srv/site/ sauvegarde@backup:/srv/sauvegardes/site/
rm /srv/site/brouillon.txt
rsync -azv --delete -e 'ssh -i /root/.ssh/sauvegarde' /srv/site/ sauvegarde@backup:/srv/sauvegardes/site/
ssh -n -i /root/.ssh/sauvegarde sauvegarde@backup 'ls -lR /srv/sauvegardes/site'
