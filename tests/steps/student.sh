#!/usr/bin/env bash
# Exercises: the student version of every notebook with exercises runs to the end with every check saying
# NOT YET, and the executed instructor version (build/notebooks/) passes every check.
set -euo pipefail
cd "$ROOT"
"$VENV/bin/python" "$ROOT/tools/student.py" --self-test
exec "$VENV/bin/python" "$ROOT/tools/student.py" --check
