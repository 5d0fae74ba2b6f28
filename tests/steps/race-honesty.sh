#!/usr/bin/env bash
# Notebook 02's statements about the classic program agree with the data measured in the same run.
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/race_honesty.py"
