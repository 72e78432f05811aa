#!/bin/bash
#@machine monitor
apt install -y --no-install-recommends prometheus
cat > /etc/prometheus/prometheus.yml <<'CONF'
global:
  scrape_interval: 5s
  evaluation_interval: 5s

rule_files:
  - /etc/prometheus/regles-jardins.yml

scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['localhost:9090']
  - job_name: web
    static_configs:
      - targets: ['web:9100']
CONF
cat > /etc/prometheus/regles-jardins.yml <<'CONF'
groups:
  - name: jardins
    rules:
      - alert: SauvegardeEchouee
        expr: jardins_sauvegarde_ok == 0
        for: 10s
        labels:
          severity: critique
        annotations:
          summary: "La dernière sauvegarde de {{ $labels.instance }} a échoué"
CONF
promtool check config /etc/prometheus/prometheus.yml
service prometheus start
#@machine web
# The backup fails: its script writes 0.
echo 'jardins_sauvegarde_ok 0' > /var/lib/prometheus/node-exporter/jardins.prom.tmp
mv /var/lib/prometheus/node-exporter/jardins.prom.tmp /var/lib/prometheus/node-exporter/jardins.prom
#@machine monitor
# pending for 10 s, then firing
for i in $(seq 60); do
  curl -s http://localhost:9090/api/v1/alerts | grep -q '"state":"firing"' && break
  sleep 1
done
curl -s http://localhost:9090/api/v1/alerts
