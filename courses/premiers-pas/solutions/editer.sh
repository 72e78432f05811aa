#!/bin/bash
# The lesson uses nano; the solution edits the same lines with sed.
cp /etc/monapp/monapp.conf /etc/monapp/monapp.conf.orig
sed -i -e 's/^mode = test$/mode = production/' -e 's/^port = 8080$/port = 9090/' /etc/monapp/monapp.conf
echo 'admin = admin@asso.example' >> /etc/monapp/monapp.conf
