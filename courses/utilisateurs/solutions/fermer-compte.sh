#!/bin/bash
usermod -L -s /usr/sbin/nologin ancien
userdel -r stagiaire
