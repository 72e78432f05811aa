#!/bin/bash
getent group projet
id -nG alice | grep -qw projet
id -nG bob | grep -qw projet
