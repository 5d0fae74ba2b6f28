#!/usr/bin/env bash
# The course image: built with buildah (no Docker engine needed) and tested from the inside. Under ./course test the
# build ran in the background during the unit tests (RACELAB_IMAGE_BUILD_PID); alone, this step builds it itself.
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/image_test.py"
