#!/bin/bash
#@machine poste
cat >> /root/.ssh/config <<'CONF'
Host srv
    HostName serveur
    User admin
CONF
ssh -G srv | grep -E '^(hostname|user) '
ssh -n srv whoami
