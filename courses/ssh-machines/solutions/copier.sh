#!/bin/bash
#@machine poste
scp /root/compte-rendu.txt srv:
rsync -av /root/photos/ srv:photos/
echo 'photo de la récolte (pour de faux)' > /root/photos/recolte.txt
rsync -av /root/photos/ srv:photos/
ssh -n srv 'ls -l ~ ~/photos'
