#!/bin/bash
usermod -aG sudo alice
echo 'bob ALL=(root) /usr/sbin/service' > /etc/sudoers.d/bob
chmod 440 /etc/sudoers.d/bob
visudo -c
sudo -l -U bob
