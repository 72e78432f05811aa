#!/bin/bash
mkdir -p /root/sauvegardes
tar -czf /root/sauvegardes/site.tar.gz -C / srv/site
tar -tzf /root/sauvegardes/site.tar.gz
