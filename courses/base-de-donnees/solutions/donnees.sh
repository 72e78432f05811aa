#!/bin/bash
#@machine app
set -a; . /etc/jardins/base.conf; set +a
psql -v ON_ERROR_STOP=1 -f /srv/jardins/schema.sql
psql -v ON_ERROR_STOP=1 -c "INSERT INTO parcelles (numero, jardinier, surface_m2) VALUES (12, 'Karim Benali', 15)"
psql -c 'SELECT * FROM parcelles ORDER BY numero'
