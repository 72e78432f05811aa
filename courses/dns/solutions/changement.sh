#!/bin/bash
#@machine dns
# A new name, and a serial in the date form YYYYMMDDnn (it only ever goes up).
echo 'wiki    IN CNAME web' >> /etc/bind/db.jardins.test
sed -i "s|^\(\s*\)[0-9]*\(\s*; serial\)|\1$(date +%Y%m%d)01\2|" /etc/bind/db.jardins.test
cat /etc/bind/db.jardins.test
named-checkzone jardins.test /etc/bind/db.jardins.test
rndc reload jardins.test
sleep 1
dig @127.0.0.1 jardins.test SOA +short
#@machine client
getent hosts wiki
