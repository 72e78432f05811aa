#!/bin/bash
apt show htop
apt install -y htop
