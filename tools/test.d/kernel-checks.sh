#!/usr/bin/env bash
# Progress bar, interrupt and kernel shutdown, checked against the real course kernel.
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/kernel_checks.py"
