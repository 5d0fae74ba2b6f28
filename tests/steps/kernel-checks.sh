#!/usr/bin/env bash
# Progress bar, interrupt (of an experiment and of an exercise check) and kernel shutdown, against the real course kernel.
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/kernel_checks.py"
