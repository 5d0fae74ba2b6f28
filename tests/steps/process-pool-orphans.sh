#!/usr/bin/env bash
# Notebook 06's promise: no pool worker outlives a cell, an interrupted cell, or the kernel (killed or shut down).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/pool_orphans.py"
