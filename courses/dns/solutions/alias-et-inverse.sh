#!/bin/bash
#@machine dns
ip -4 addr show eth0
DNS_IP=$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
WEB_IP=$(getent hosts web | cut -d' ' -f1)
CLIENT_IP=$(getent hosts client | cut -d' ' -f1)
# The /28 of the lab sits in one /24: 10.213.4.18 -> 4.213.10.in-addr.arpa
NET=$(echo "$DNS_IP" | cut -d. -f1-3)
REV=$(echo "$NET" | awk -F. '{print $3"."$2"."$1}').in-addr.arpa
# www: an alias of web; the serial goes up with every change.
sed -i 's|^\(\s*\)1       ; serial|\12       ; serial|' /etc/bind/db.jardins.test
echo 'www     IN CNAME web' >> /etc/bind/db.jardins.test
cat >> /etc/bind/named.conf.local <<CONF
zone "$REV" {
    type primary;
    file "/etc/bind/db.$NET";
};
CONF
cat > /etc/bind/db.$NET <<ZONE
\$TTL 300
@       IN SOA  dns.jardins.test. admin.jardins.test. ( 1 3600 600 86400 300 )
        IN NS   dns.jardins.test.
${DNS_IP##*.}      IN PTR  dns.jardins.test.
${WEB_IP##*.}      IN PTR  web.jardins.test.
${CLIENT_IP##*.}      IN PTR  client.jardins.test.
ZONE
cat /etc/bind/db.$NET
named-checkzone jardins.test /etc/bind/db.jardins.test
named-checkzone "$REV" /etc/bind/db.$NET
rndc reload
sleep 1
dig @127.0.0.1 www.jardins.test +short
dig @127.0.0.1 -x "$WEB_IP" +short
