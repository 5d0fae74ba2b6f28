#!/usr/bin/env bash
# Notebook 02 tells the same story three runs in a row (numbers masked), and an honest one pinned to one CPU and
# beside two CPU hogs (tools/stability.py; executed copies in build/stability/).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/stability.py" --runs 3
