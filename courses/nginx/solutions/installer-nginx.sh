#!/bin/bash
apt install -y nginx
service nginx start
curl -s http://localhost/ | grep -i welcome
