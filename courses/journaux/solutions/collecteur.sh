#!/bin/bash
#@machine logs
apt install -y rsyslog
# No kernel log in a container: imklog would only complain.
sed -i 's/^module(load="imklog")/#&/' /etc/rsyslog.conf
cat > /etc/rsyslog.d/10-distant.conf <<'CONF'
# Receive the other machines' logs over TCP, one folder per machine, apart from the local ones.
module(load="imtcp")
template(name="ParMachine" type="string" string="/var/log/remote/%HOSTNAME%/syslog.log")
ruleset(name="distant") {
    action(type="omfile" dynaFile="ParMachine")
}
input(type="imtcp" port="514" ruleset="distant")
CONF
rsyslogd -N1
rsyslogd
sleep 0.5
ss -ltn
