#!/bin/bash
# Every machine: the lab's names in /etc/hosts. The lab has no DNS server for jardins.test, so
# wiki.jardins.test is written here as web's address (curl, certbot and pebble read /etc/hosts). The
# machines' own names are written too: a firewall that flushes every rule also removes the ones Docker's
# resolver needs, and web must still find db, acme and backup then.
set -e
for m in web db acme backup client; do
  ip=$(getent ahostsv4 "$m" | awk 'NR == 1 { print $1 }')
  [ -n "$ip" ] || continue
  grep -Eq "[[:space:]]$m([[:space:]]|\$)" /etc/hosts || printf '%s\t%s\n' "$ip" "$m" >> /etc/hosts
  [ "$m" = web ] && printf '%s\t%s\n' "$ip" wiki.jardins.test >> /etc/hosts
done
exit 0
