#!/bin/bash
#@machine web
apt install -y --no-install-recommends prometheus-node-exporter
service prometheus-node-exporter start
# What the backup script writes when it succeeds: a new file renamed into place, never half-written.
echo 'jardins_sauvegarde_ok 1' > /var/lib/prometheus/node-exporter/jardins.prom.tmp
mv /var/lib/prometheus/node-exporter/jardins.prom.tmp /var/lib/prometheus/node-exporter/jardins.prom
sleep 1
#@machine monitor
curl -s http://web:9100/metrics | grep -E '^(jardins_|node_filesystem_avail_bytes)'
