#!/bin/bash
#@machine db
app=$(getent hosts app | awk '{print $1}')
echo "host    jardins    jardins    $app/32    scram-sha-256" >> /etc/postgresql/15/main/pg_hba.conf
service postgresql reload
tail -3 /etc/postgresql/15/main/pg_hba.conf
#@machine app
set -a; . /etc/jardins/base.conf; set +a
psql -c 'SELECT current_user, inet_client_addr()'
