#!/bin/bash
#@machine poste
ssh-keygen -t ed25519 -N '' -f /root/.ssh/id_ed25519 -q
printf '#!/bin/sh\necho jardin-2024\n' > /root/askpass && chmod 700 /root/askpass
SSH_ASKPASS=/root/askpass SSH_ASKPASS_REQUIRE=force ssh-copy-id admin@serveur </dev/null
rm /root/askpass
ssh -n -o BatchMode=yes admin@serveur 'whoami; ls -la ~/.ssh'
