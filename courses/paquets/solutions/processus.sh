#!/bin/bash
ps aux | grep '[c]alcul-infini'
pkill -x calcul-infini
service cron start
