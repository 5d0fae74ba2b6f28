#!/usr/bin/env bash
# The whole JCStress suite of stress/ with one JVM configuration per test (JCStress quick mode, -sc false; about
# 60–100 s for 24 tests on a 2-core machine, a million or more samples each): fails on any FORBIDDEN outcome, a
# test error, a test without results, or a non-zero JCStress exit. This is the fastest mode here: sanity mode
# tries several JVM configurations, takes longer and only a few dozen samples per test.
# Writes build/jcstress-suite.json (wall time, exit code) for ./course bench.
set -uo pipefail
t0=$(date +%s%N)
"$JDK/bin/java" -Djava.awt.headless=true -jar "$ROOT/lib/target/racelab-lib.jar" exp jcstress --mode quick
rc=$?
t1=$(date +%s%N)
mkdir -p "$ROOT/build"
printf '{"wall_s": %s, "exit": %d}\n' "$(( (t1 - t0) / 1000000 ))e-3" "$rc" > "$ROOT/build/jcstress-suite.json"
exit $rc
