#!/bin/bash
#@machine db
apt install -y postgresql
service postgresql start
echo "listen_addresses = '*'" > /etc/postgresql/15/main/conf.d/reseau.conf
su - postgres -c psql <<'SQL'
CREATE ROLE wiki LOGIN PASSWORD 'Feuilles-Mortes-42';
CREATE DATABASE wiki OWNER wiki;
SQL
web=$(getent hosts web | awk '{print $1}')
echo "host    wiki    wiki    $web/32    scram-sha-256" >> /etc/postgresql/15/main/pg_hba.conf
# listen_addresses needs a restart (a reload rereads pg_hba.conf only).
service postgresql restart
