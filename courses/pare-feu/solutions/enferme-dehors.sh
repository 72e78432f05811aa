#!/bin/bash
#@machine web
nft add table inet filter
nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }'
nft add rule inet filter input tcp dport 80 accept
nft list ruleset
#@machine client
sonde web 22 80 8080
