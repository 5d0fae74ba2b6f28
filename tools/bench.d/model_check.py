"""Issue 14's figures, in one run: how long Lincheck's model checker takes to find the losing interleaving of a
`volatile int` count++ (2 threads × 4 increments) and how many interleavings it tries per second, next to the start
gate running the same race on the hardware until its first lost update (trials and seconds). The checker's time
includes its child JVM (start, compile, Lincheck's agent); its own search time is reported apart. The gate may find
no loss within its budget on a busy machine: then the figure is the trials it ran without one. The load average is
reported next to them."""
import json
import os
import subprocess
import time

INCREMENTS = 4


def run_json(ctx, args, timeout):
    lib = ctx["root"] / "lib" / "target" / "racelab-lib.jar"
    if not lib.is_file():
        raise SystemExit(f"bench: {lib} is missing: run ./course setup")
    t0 = time.monotonic()
    p = subprocess.run([ctx["java"], "-jar", str(lib), "exp", *args, "--format", "json"], capture_output=True, text=True,
                       timeout=timeout)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"bench: racelab exp {' '.join(args)} exited {p.returncode}: {p.stderr.strip()[-500:]}")
    return json.loads(p.stdout), wall


def figures(ctx):
    load = os.getloadavg()[0]
    mc, mc_wall = run_json(ctx, ["model-check", "--code", "volatile", "--increments", str(INCREMENTS), "--seconds", "60"], 120)
    s = mc["summary"]
    figs = []
    if mc["params"].get("verdict") != "fail":
        print(f"# model check: no failing interleaving ({mc['params'].get('verdict')}): {mc.get('notes')}", flush=True)
    figs += [
        ("model_check_found_s", round(s["check_s"], 2), f"s to find the losing interleaving of volatile count++ "
                                                        f"(2 threads × {INCREMENTS}), child JVM included"),
        ("model_check_search_ms", s["checker_ms"], "ms of Lincheck's search alone"),
        ("model_check_interleavings", s["interleavings"], "interleavings tried until the losing one"),
        ("model_check_interleavings_per_s", round(s.get("interleavings_per_s") or 0, 1), "interleavings per second of search"),
    ]
    trials = 20 if ctx["smoke"] else 1_000_000
    gate, gate_wall = run_json(ctx, ["race-gate", "--counter", "volatile", "--increments", str(INCREMENTS), "--until-loss",
                                     "--trials", str(trials), "--seconds", "10" if ctx["smoke"] else "60"], 180)
    g = gate["summary"]
    if g["trials_with_loss"] > 0:
        figs.append(("gate_trials_until_first_loss", int(g["trials"]), f"start-gate trials until the first lost update "
                     f"(same race on the hardware; {gate_wall:.1f} s)"))
    else:
        figs.append(("gate_trials_without_loss", int(g["trials"]), f"start-gate trials, none lost an update within its "
                     f"budget ({gate_wall:.1f} s)"))
    figs.append(("model_check_load_average", round(load, 2), "1-min load average at the start of these figures"))
    return figs
