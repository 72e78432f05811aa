#!/bin/bash
#@machine db
apt install -y postgresql
# The package's postinst does not start the server in a lab (no systemd): start it by hand.
service postgresql start
# listen_addresses in a file of conf.d (read after postgresql.conf), so the package's file stays untouched.
echo "listen_addresses = '*'" > /etc/postgresql/15/main/conf.d/reseau.conf
service postgresql restart
ss -ltnp | grep 5432
