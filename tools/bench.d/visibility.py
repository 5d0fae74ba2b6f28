"""Notebook 09's figure: how long a worker spinning on a `volatile` stop flag takes to leave its loop after another
thread sets the flag (median over many runs in one child JVM, with its 95 % interval), from `exp visibility`; the
same run's plain-flag JVM says whether its worker got stuck. The load average is reported next to it: on busy cores
a descheduled worker stretches the delays."""
import json
import os
import subprocess


def figures(ctx):
    lib = ctx["root"] / "lib" / "target" / "racelab-lib.jar"
    if not lib.is_file():
        raise SystemExit(f"bench: {lib} is missing: run ./course setup")
    runs = 50 if ctx["smoke"] else 1000
    load = os.getloadavg()[0]
    p = subprocess.run([ctx["java"], "-jar", str(lib), "exp", "visibility", "--plain-jvms", "1", "--volatile-runs", str(runs),
                        "--seconds", "60", "--format", "json"], capture_output=True, text=True, timeout=180)
    if p.returncode != 0:
        raise SystemExit(f"bench: racelab exp visibility exited {p.returncode}: {p.stderr.strip()[-500:]}")
    d = json.loads(p.stdout)
    s, iv = d["summary"], d.get("intervals", {})
    low, high = iv.get("volatile_median_delay_us", [float("nan"), float("nan")])
    return [
        ("visibility_volatile_median_us", round(s["volatile_median_delay_us"], 2),
         f"µs from setting a volatile stop flag to the spinning worker leaving its loop (median of {int(s['volatile_runs'])} "
         f"runs; 95 % interval {low:.2f}–{high:.2f})"),
        ("visibility_volatile_never", int(s["volatile_never"]), f"of {int(s['volatile_runs'])} volatile runs did not stop within the limit"),
        ("visibility_plain_jvm_stuck", int(s["plain_jvms_stuck"]), "of 1 plain-flag JVM ended with a worker that never stopped"),
        ("visibility_load_average", round(load, 2), "1-min load average at the start of these figures"),
    ]
