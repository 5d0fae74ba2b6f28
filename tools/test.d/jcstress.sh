#!/usr/bin/env bash
# The whole JCStress suite of stress/ with one JVM configuration (JCStress quick mode, -sc false; about a minute, millions of samples per test): fails on any FORBIDDEN outcome or error.
set -euo pipefail
exec "$JDK/bin/java" -Djava.awt.headless=true -jar "$ROOT/lib/target/racelab-lib.jar" exp jcstress --mode quick
