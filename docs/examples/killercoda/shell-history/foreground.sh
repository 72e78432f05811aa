#!/bin/bash
# write each command to the history file as soon as it runs
PROMPT_COMMAND='history -a'
