#!/bin/bash
#@machine app
service jardins-app start
ss -ltn
sed -i 's/^LISTEN=.*/LISTEN=0.0.0.0/' /etc/default/jardins-app
service jardins-app restart
ss -ltn
#@machine web
curl -s http://app:8080/ | head -5
