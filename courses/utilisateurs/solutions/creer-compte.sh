#!/bin/bash
useradd -m -s /bin/bash alice
echo 'alice:Jardins-2024' | chpasswd
