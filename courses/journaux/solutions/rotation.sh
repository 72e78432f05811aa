#!/bin/bash
#@machine logs
apt install -y logrotate
cat > /etc/logrotate.d/remote <<'CONF'
/var/log/remote/*/*.log {
    daily
    rotate 14
    missingok
    notifempty
    compress
    delaycompress
    sharedscripts
    postrotate
        kill -HUP "$(cat /run/rsyslogd.pid)" 2>/dev/null || true
    endscript
}
CONF
logrotate -d /etc/logrotate.d/remote
logrotate -f /etc/logrotate.d/remote
ls -l /var/log/remote/web
#@machine web
sleep 0.5
logger -t jardins "Après la rotation"
#@machine logs
sleep 1
ls -l /var/log/remote/web
tail -n 2 /var/log/remote/web/syslog.log
