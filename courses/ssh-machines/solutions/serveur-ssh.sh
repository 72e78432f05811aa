#!/bin/bash
#@machine serveur
apt install -y openssh-server
service ssh start
#@machine poste
# The lesson types the password at ssh's prompt; a script hands it over through SSH_ASKPASS.
printf '#!/bin/sh\necho jardin-2024\n' > /root/askpass && chmod 700 /root/askpass
SSH_ASKPASS=/root/askpass SSH_ASKPASS_REQUIRE=force \
  ssh -o StrictHostKeyChecking=accept-new admin@serveur hostname </dev/null
rm /root/askpass
