#!/bin/bash
apt remove -y ncdu
