#!/bin/bash
# Reference solution: the shared folder, owned by the group, with the setgid bit.
mkdir -p /srv/projet
chgrp projet /srv/projet
chmod 2770 /srv/projet
ls -ld /srv/projet
