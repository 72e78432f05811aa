#!/bin/bash
useradd -m -s /bin/bash bob
groupadd benevoles
usermod -aG compta alice
usermod -aG benevoles alice
usermod -aG benevoles bob
