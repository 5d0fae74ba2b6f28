#!/usr/bin/env bash
# A class on one machine: ./course hub with 4 simulated learners running notebooks 00 and 02 at once through the
# hub's REST API and the kernel API; every notebook completes and passes, the honesty check holds under load, and
# nothing is left after the hub stops. Bounded: 180 s to run (notebook 02 with its model-check cells took 90–99 s per learner at 4 at once, against 35 s alone),
# the whole step at most 225 s. Figures: build/hub-load.json (./course bench).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/hub_load.py" --learners "${RACELAB_HUB_LEARNERS:-4}" --budget 180
