#!/bin/bash
#@machine web
apt install -y nftables
cat > /etc/nftables.conf <<'NFT'
#!/usr/sbin/nft -f
# Le pare-feu de web : seuls SSH, HTTP et HTTPS entrent.
# Only our own table is replaced: other tools' rules (Docker's here) stay.
table inet filter
delete table inet filter

table inet filter {
    chain input {
        type filter hook input priority filter; policy drop;
        ct state established,related accept
        ct state invalid drop
        iif lo accept
        meta l4proto { icmp, ipv6-icmp } accept
        tcp dport { 22, 80, 443 } accept
    }
    chain forward {
        type filter hook forward priority filter; policy drop;
    }
    chain output {
        type filter hook output priority filter; policy accept;
    }
}
NFT
nft -c -f /etc/nftables.conf
service nftables reload
nft list table inet filter
#@machine client
curl -s -m 3 http://web:8080/ || echo "8080 : plus de réponse"
curl -s --cacert /root/racine-acme.pem https://wiki.jardins.test/index.php/Accueil_des_jardins | grep -o 'Les parcelles[^<]*'
