#!/usr/bin/env bash
# The entry script's bad-input behaviour: exit 2 with one readable line, never a stack trace.
set -uo pipefail
cd "$ROOT"
fail=0
expect() { # description, expected exit code, pattern the single stderr line must match, command...
  local what=$1 code=$2 pattern=$3; shift 3
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  local lines; lines=$(printf '%s\n' "$err" | grep -v '^course: building' | grep -c .)
  if [ "$rc" -ne "$code" ] || ! grep -qE "$pattern" <<<"$err" || grep -q $'\tat ' <<<"$err"; then
    echo "FAIL: $what: exit $rc (want $code), stderr: $err"; fail=1
  elif [ "$code" -eq 2 ] && [ "$lines" -ne 1 ] && [[ "$what" != *subcommand ]]; then
    echo "FAIL: $what: want one line on stderr, got $lines: $err"; fail=1
  else
    echo "ok: $what"
  fi
}
empty=$(mktemp -d); trap 'rm -rf "$empty"' EXIT
java17=$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n1)
expect "unknown subcommand" 2 "unknown command 'frobnicate'" ./course frobnicate
expect "no subcommand" 2 "usage: ./course" ./course
expect "unknown experiment" 2 "unknown experiment 'nope'; allowed: .*spawn-cost" ./course exp nope
expect "out-of-range option" 2 "thread repetitions must be between 1 and 1,000,000 \(got 0\)" ./course exp spawn-cost --threads 0
expect "bad format" 2 "expected one of \[table, csv, json\]" ./course exp isolation-memory --format xml
expect "unknown notebook" 2 "no single notebook matches 'no-such-notebook'; notebooks: 00-welcome" ./course run no-such-notebook
expect "unknown program" 2 "unknown program 'novel'; one of book, timed, sized, sized-timed" ./course exp race-classic --program novel
expect "unknown JIT mode" 2 "unknown JIT mode 'c3'; one of default, interpreted, c1, c2" ./course exp race-classic --jit c3
expect "no JDK 21+" 2 "no JDK 21 or newer found" env JAVA_HOME="${java17:-$empty}" RACELAB_JDK_DIRS="$empty" ./course exp spawn-cost
# a PATH with every usual tool but python3
nopy=$empty/bin; mkdir -p "$nopy"
for f in /usr/local/bin/* /usr/bin/* /bin/*; do
  case $(basename "$f") in python3*|python) ;; *) [ -e "$nopy/$(basename "$f")" ] || ln -s "$f" "$nopy/$(basename "$f")" ;; esac
done
expect "no python3" 2 "python3 not found" env PATH="$nopy" JAVA_HOME="$JDK" bash ./course setup
# a real run through the same entry point, CSV with its metadata header
out=$(./course exp isolation-memory --format csv 2>/dev/null)
if grep -q '^# cores: ' <<<"$out" && grep -q '^setup,value before' <<<"$out"; then echo "ok: csv output"; else echo "FAIL: csv output: $out"; fail=1; fi
# every EXIT trap of the entry script must succeed when it has nothing to stop: under `set -e` a failing trap command
# becomes the exit status, and a run that printed "27 passed, 0 failed" once exited 1 that way
# (a stand-in pkill answers as the real one does when no process matches: exit 1, and it stops nothing)
fakebin=$empty/fakebin; mkdir -p "$fakebin"; printf '#!/bin/sh\nexit 1\n' >"$fakebin/pkill"; chmod +x "$fakebin/pkill"
while IFS= read -r body; do
  printf 'set -euo pipefail\ntrap %q EXIT\ntrue\n' "$body" >"$empty/trap.sh"
  if PATH="$fakebin:$PATH" bash "$empty/trap.sh"; then echo "ok: EXIT trap succeeds with nothing to stop"
  else echo "FAIL: EXIT trap of ./course exits non-zero when there is nothing to stop: $body"; fail=1; fi
done < <(sed -n "s/^ *trap '\\(.*\\)' EXIT$/\\1/p" course)
[ -n "$(sed -n "s/^ *trap '\\(.*\\)' EXIT$/\\1/p" course)" ] || { echo "FAIL: found no EXIT trap in ./course to check"; fail=1; }
exit $fail
