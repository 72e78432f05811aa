#!/bin/bash
#@machine db
# The lesson types these in psql (su - postgres -c psql); a script passes them on stdin.
su - postgres -c psql <<'SQL'
CREATE ROLE jardins LOGIN PASSWORD 'Radis-Bleu-2024';
CREATE DATABASE jardins OWNER jardins;
\l jardins
SQL
