#!/bin/bash
mkdir -p /root/projet/docs /root/projet/scripts /root/projet/archives
