#!/bin/bash
cat /root/bienvenue.txt
echo tournesol > /root/reponse.txt
