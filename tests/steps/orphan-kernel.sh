#!/usr/bin/env bash
# No orphaned kernels: kill -9 of the program driving notebook 02 mid-experiment ends the kernel and its child JVMs.
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/orphan_kernel.py"
