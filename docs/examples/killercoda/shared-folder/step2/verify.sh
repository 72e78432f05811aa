#!/bin/bash
[ -d /srv/projet ]
[ "$(stat -c %G /srv/projet)" = "projet" ]
[ "$(stat -c %a /srv/projet)" = "2770" ]
