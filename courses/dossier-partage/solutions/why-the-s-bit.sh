#!/bin/bash
# Reference solution: a file made by alice inherits the group projet; the answer says so.
su - alice -c 'touch /srv/projet/plan.txt'
ls -l /srv/projet
echo projet > /root/answer.txt
