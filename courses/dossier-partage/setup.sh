#!/bin/bash
# Starting state of "A shared folder for a team", imported from Killercoda: its background scripts, in order.
# Killercoda ran each step's background when the step started; here they all run once, as root, in the fresh lab.

# --- intro: background.sh
useradd -m -s /bin/bash alice
useradd -m -s /bin/bash bob
