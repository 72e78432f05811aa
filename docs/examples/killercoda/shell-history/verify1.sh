#!/bin/bash
grep -q "uname -r" /root/.bash_history
