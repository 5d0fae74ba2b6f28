"""Issue 15's figures for notebook 10: StampedLock optimistic reads against ReentrantReadWriteLock at 90 % reads
(2 threads, operations per second, median of interleaved repeats, and the ratio of the medians with a conservative
interval), and the Fork/Join speedup of a divide-and-conquer sum at 2 workers over 1 (ratio of median times), with the
pool's steal count. Each value line is followed by its 95 % interval in the unit text, `[low, high]`; on a machine
shared with other work the two workers may not run at once, and the CPU conditions line says so."""
import subprocess


def figures(ctx):
    lib = ctx["root"] / "lib" / "target" / "racelab-lib.jar"
    if not lib.is_file():
        raise SystemExit(f"bench: {lib} is missing: run ./course setup")
    cmd = [ctx["java"], "-Djava.awt.headless=true", "-cp", str(lib), "dev.racelab.coordination.Bench"]
    if ctx["smoke"]:
        cmd.append("--smoke")
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise SystemExit(f"bench: coordination figures failed ({p.returncode}): {p.stderr.strip()[-800:]}")
    figs = []
    for line in p.stdout.splitlines():
        name, _, rest = line.partition(": ")
        value, _, unit = rest.partition(" ")
        if name == "coordination_cores":
            figs.append((name, int(value), unit))
            continue
        figs.append((name, None if value == "nan" else float(value), unit))
    return figs
