#!/bin/bash
grep -q "alias lt=" /root/.bashrc
