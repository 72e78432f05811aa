#!/bin/bash
# Reference solution: create the group and put both colleagues in it.
groupadd projet
usermod -aG projet alice
usermod -aG projet bob
id alice
