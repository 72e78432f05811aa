#!/bin/bash
useradd -m -s /bin/bash alice
useradd -m -s /bin/bash bob
