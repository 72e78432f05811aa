#!/bin/bash
# Reference solution. A solution runs in a non-interactive bash, which keeps no history: it writes the line
# the learner's interactive shell (PROMPT_COMMAND='history -a', the course's shellInit) would have written.
uname -r
echo 'uname -r' >> /root/.bash_history
