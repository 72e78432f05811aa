#!/bin/bash
#@machine db
dump=jardins-$(date +%F).dump
scp -i /root/.ssh/sauvegarde "sauvegarde@backup:/srv/sauvegardes/postgresql/$dump" /tmp/
pg_restore -l "/tmp/$dump" | grep TABLE
su - postgres -c 'createdb -O jardins jardins_restauree'
# root opens the dump (mode 600) and hands it to pg_restore, run as postgres, on its standard input.
runuser -u postgres -- pg_restore --no-owner --role=jardins -d jardins_restauree < "/tmp/$dump"
su - postgres -c "psql -d jardins_restauree -c 'SELECT * FROM parcelles ORDER BY numero'"
rm "/tmp/$dump"
