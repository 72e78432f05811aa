#!/bin/bash
#@machine dns
apt install -y bind9
# The addresses: the other machines by name, this one from its interface (on dns itself, `getent hosts dns`
# reads 127.0.1.1 from /etc/hosts).
getent hosts web client
ip -4 addr show eth0
DNS_IP=$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
WEB_IP=$(getent hosts web | cut -d' ' -f1)
CLIENT_IP=$(getent hosts client | cut -d' ' -f1)
# An authoritative server only: no recursion.
sed -i 's|^\(\s*\)dnssec-validation auto;|&\n\1recursion no;|' /etc/bind/named.conf.options
cat >> /etc/bind/named.conf.local <<'CONF'
zone "jardins.test" {
    type primary;
    file "/etc/bind/db.jardins.test";
};
CONF
cat > /etc/bind/db.jardins.test <<ZONE
\$TTL 300
@       IN SOA  dns.jardins.test. admin.jardins.test. (
                1       ; serial
                3600    ; refresh
                600     ; retry
                86400   ; expire
                300 )   ; negative TTL
        IN NS   dns.jardins.test.
dns     IN A    $DNS_IP
web     IN A    $WEB_IP
client  IN A    $CLIENT_IP
ZONE
named-checkconf
named-checkzone jardins.test /etc/bind/db.jardins.test
service named start
sleep 1
dig @127.0.0.1 web.jardins.test
