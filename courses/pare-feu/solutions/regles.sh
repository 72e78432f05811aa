#!/bin/bash
#@machine web
# Reprendre la main depuis la console : tout effacer.
nft flush ruleset
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f
# Pare-feu de web : tout ce qui entre est refusé, sauf ce qui est listé ici.

flush ruleset

table inet filter {
    chain input {
        type filter hook input priority filter; policy drop;

        ct state established,related accept   # les réponses à nos propres connexions
        ct state invalid drop
        iif lo accept                          # la machine se parle à elle-même
        tcp dport 22 accept                    # SSH : d'abord, toujours
        tcp dport { 80, 443 } accept           # le site
    }
    chain forward {
        type filter hook forward priority filter; policy drop;
    }
    chain output {
        type filter hook output priority filter; policy accept;
    }
}
CONF
nft -c -f /etc/nftables.conf
service nftables restart
nft list ruleset
#@machine client
sonde web 22 80 8080
