#!/usr/bin/env bash
# Notebooks 03 and 04: every number their lock-check, CAS and counter-rate sentences show is recomputed from the data
# the same run recorded (tools/locks_honesty.py on build/notebooks/).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/locks_honesty.py"
