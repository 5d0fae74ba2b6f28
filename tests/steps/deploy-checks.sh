#!/usr/bin/env bash
# What instructors deploy: the Zero to JupyterHub values and the CI workflow for forks (tools/deploy_checks.py).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/deploy_checks.py"
