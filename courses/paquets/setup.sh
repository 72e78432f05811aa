#!/bin/bash
# Starting state of "Paquets et services": a runaway program eating CPU time in the background.
set -e
cat > /usr/local/bin/calcul-infini <<'SH'
#!/bin/bash
# Un calcul qui ne s'arrête jamais (mais reste sage : une pause à chaque tour).
while :; do n=$((n + 1)); sleep 0.5; done
SH
chmod 755 /usr/local/bin/calcul-infini
setsid -f /usr/local/bin/calcul-infini >/dev/null 2>&1 </dev/null
