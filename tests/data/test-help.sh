#!/bin/sh
# Runs check-help.py on HELP_DIR with the help IDs lrb-help-ids prints.
#   test-help.sh PYTHON CHECK_HELP LRB_HELP_IDS HELP_DIR
set -eu
ids=$("$3" | sort -u)
# shellcheck disable=SC2086  # one argument per ID
exec "$1" "$2" "$4" $ids
