#!/bin/bash
#@machine web
ssh-keygen -t ed25519 -f /root/.ssh/sauvegarde -N '' -C 'sauvegardes de web' -q
printf '#!/bin/sh\necho provisoire-2024\n' > /root/askpass && chmod 700 /root/askpass
SSH_ASKPASS=/root/askpass SSH_ASKPASS_REQUIRE=force \
  ssh-copy-id -i /root/.ssh/sauvegarde.pub -o StrictHostKeyChecking=accept-new sauvegarde@backup </dev/null
rm /root/askpass
ssh -n -i /root/.ssh/sauvegarde -o BatchMode=yes sauvegarde@backup whoami
#@machine backup
passwd -l sauvegarde
