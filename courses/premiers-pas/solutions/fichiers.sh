#!/bin/bash
cp /root/depot/notes.txt /root/projet/docs/
mv /root/depot/brouillon.txt /root/projet/docs/rapport.txt
rm /root/depot/vieux.log
