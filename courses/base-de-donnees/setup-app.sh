#!/bin/bash
# app: the association's application is already installed here. It expects its database on db, with
# the settings of /etc/jardins/base.conf, and ships its schema (a table and its first rows).
set -e
mkdir -p /etc/jardins /srv/jardins
cat > /etc/jardins/base.conf <<'CONF'
# Connexion de l'application des Jardins partagés à sa base de données.
# How the Jardins partagés application connects to its database.
PGHOST=db
PGDATABASE=jardins
PGUSER=jardins
PGPASSWORD=Radis-Bleu-2024
CONF
chmod 600 /etc/jardins/base.conf
cat > /srv/jardins/schema.sql <<'SQL'
-- Schéma de l'application des Jardins partagés : les parcelles et leurs jardiniers.
CREATE TABLE parcelles (
    numero     integer PRIMARY KEY,
    jardinier  text NOT NULL,
    surface_m2 integer NOT NULL,
    depuis     date NOT NULL DEFAULT current_date
);
INSERT INTO parcelles (numero, jardinier, surface_m2, depuis) VALUES
    (1, 'Lucien Martin', 20, '2019-03-01'),
    (2, 'Aïcha Diallo', 15, '2020-04-12'),
    (3, 'Jeanne Moreau', 25, '2018-09-30'),
    (7, 'Rose Lambert', 20, '2021-03-20'),
    (9, 'Paul Nguyen', 10, '2023-05-02');
SQL
chmod 644 /srv/jardins/schema.sql
