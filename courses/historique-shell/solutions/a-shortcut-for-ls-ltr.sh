#!/bin/bash
# Reference solution: the alias at the end of root's ~/.bashrc (aliases are not used in a script).
echo "alias lt='ls -ltr'" >> ~/.bashrc
