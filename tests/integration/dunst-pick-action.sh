#!/bin/sh
# A stand-in for dmenu in dunst's context menu, for test-dunst.py.
#
# Usage (as dunst's "dmenu" setting): dunst-pick-action.sh CHOICE-FILE
#
# dunst writes one line per action of the notifications on screen to stdin,
# for example (dunst 1.9):
#     #Snooze 10 min (You have been sitting for 0 seconds) [2,snooze]
# and runs the action of the line printed back. This prints the first line
# whose label starts with the text in CHOICE-FILE (say "Skip"), as a user
# choosing it in the menu would, and prints nothing (exit 1) when no line
# does. What dunst offered is kept in CHOICE-FILE.menu for the test to read;
# it is written (atomically) before the choice is made.
set -eu

choice_file=$1
menu=$(cat)
want=$(cat "$choice_file")

printf '%s\n' "$menu" > "$choice_file.menu.tmp"
mv "$choice_file.menu.tmp" "$choice_file.menu"

printf '%s\n' "$menu" |
    WANT="#$want" awk 'index($0, ENVIRON["WANT"]) == 1 { print; found = 1; exit }
                       END { exit !found }'
