#!/usr/bin/env bash
# A class on one machine: ./course hub with 4 simulated learners running notebooks 00 and 02 at once through the
# hub's REST API and the kernel API; every notebook completes and passes, the honesty check holds under load, and
# nothing is left after the hub stops. Bounded: the budget scales with notebook 02's solo time from the notebooks step
# of the same run (90 s to start, then 3 × its fair share of the cores: 90 + 3 × 56 s × 4/2 = 426 s in CI's slowest
# case), the stop at most 45 s on top. Figures: build/hub-load.json (./course bench).
set -euo pipefail
exec "$VENV/bin/python" "$ROOT/tools/hub_load.py" --learners "${RACELAB_HUB_LEARNERS:-4}"
