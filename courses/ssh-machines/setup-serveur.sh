#!/bin/bash
# serveur: the account the learner logs into. A known password, so the first login and ssh-copy-id work
# before keys exist; in the sudo group, since the course then forbids root logins.
set -e
useradd -m -s /bin/bash -G sudo admin
echo 'admin:jardin-2024' | chpasswd
