#!/usr/bin/env bash
# nbgrader with the course: generate the assignments, autograde notebook 05 twice (student version unchanged: 0
# points; instructor version: full points) with RACELAB_GRADING=1, write feedback (tools/grading.py).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/grading.py" --check 05
