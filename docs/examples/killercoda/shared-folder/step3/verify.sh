#!/bin/bash
ANSWER=$(cat /root/answer.txt | tr -d '[:space:]')
if [[ "$ANSWER" == "projet" ]]; then
  exit 0
fi
exit 1
