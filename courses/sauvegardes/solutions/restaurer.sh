#!/bin/bash
tar -tzf /root/sauvegardes/monapp-hier.tar.gz
tar -xzf /root/sauvegardes/monapp-hier.tar.gz -C / etc/monapp/monapp.conf
cat /etc/monapp/monapp.conf
