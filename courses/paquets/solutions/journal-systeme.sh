#!/bin/bash
apt install -y rsyslog
rsyslogd
