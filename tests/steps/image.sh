#!/usr/bin/env bash
# The course image: built with buildah (no Docker engine needed) and tested from the inside.
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/image_test.py"
