#!/bin/bash
# db: dumps left by the previous administrator in March 2024, in plain SQL, never cleaned up since. The
# retention of the backup exercise (14 days) must delete them.
set -e
mkdir -p /var/backups/postgresql
for day in 01 08 15; do
  f=/var/backups/postgresql/jardins-2024-03-$day.sql
  cat > "$f" <<SQL
--
-- PostgreSQL database dump (2024-03-$day, format texte)
--
CREATE TABLE public.parcelles (numero integer PRIMARY KEY, jardinier text NOT NULL);
COPY public.parcelles (numero, jardinier) FROM stdin;
1	Lucien Martin
3	Jeanne Moreau
\.
SQL
  chmod 600 "$f"
  touch -d "2024-03-$day 02:30" "$f"
done
chmod 700 /var/backups/postgresql
