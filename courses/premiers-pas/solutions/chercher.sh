#!/bin/bash
grep ERROR /var/log/monapp/monapp.log > /root/projet/docs/erreurs.txt
cp "$(find /srv -name cle-perdue.txt)" /root/projet/docs/
