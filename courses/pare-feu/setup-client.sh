#!/bin/bash
# client: `sonde HOST PORT...` tells open, refused or filtered (no answer) apart, as an outside scan would.
set -e
cat > /usr/local/bin/sonde <<'SH'
#!/bin/bash
# sonde HÔTE PORT... : teste chaque port TCP de HÔTE comme le ferait un visiteur.
[ $# -ge 2 ] || { echo "usage : sonde HÔTE PORT..." >&2; exit 2; }
h=$1; shift
for p in "$@"; do
  err=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$h" "$p" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then echo "$h:$p  ouvert / open"
  elif [ $rc -eq 124 ]; then echo "$h:$p  filtré / filtered  (aucune réponse en 2 s / no answer in 2 s)"
  elif [[ $err == *refused* ]]; then echo "$h:$p  fermé / closed  (refusé : rien n'écoute / refused: nothing listens)"
  else echo "$h:$p  erreur / error: ${err##*: }"; fi
done
SH
chmod 755 /usr/local/bin/sonde
