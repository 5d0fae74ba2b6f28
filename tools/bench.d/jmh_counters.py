"""Issue 4's figure: JMH's careful measurement of the counter primitives at 1 and 2 threads, next to the notebooks'
quick measurement (Throughput, `racelab exp throughput`) of the same operation (`counter.add(1)`, all threads on one
counter), with their ratio.

Both are wall-clock rates, so on a machine shared with other work both fall with the share of the cores they get.
Each side reports its median with its range: JMH over its 1-s iterations, the quick measurement over three runs (each
a fresh JVM, as the notebook's kernel is one JVM). Not the best: for contended counters noise makes runs *faster* (a
descheduled thread stops contending), so "best" favours moments without contention. The ratio of the medians comes
with a conservative range (low/high of one over high/low of the other), and whether the two ranges overlap; the load
average and the core count say whether the machine was busy."""
import statistics
import json
import os
import subprocess
import tempfile

KINDS = ["VOLATILE", "SYNCHRONIZED", "REENTRANT_LOCK", "ATOMIC_INTEGER", "LONG_ADDER"]
LABEL = {"VOLATILE": "volatile int", "SYNCHRONIZED": "synchronized", "REENTRANT_LOCK": "ReentrantLock",
         "ATOMIC_INTEGER": "AtomicInteger", "LONG_ADDER": "LongAdder"}
QUICK_RUNS = 3


def jmh(ctx, kinds, threads):
    jar = ctx["root"] / "bench" / "target" / "benchmarks.jar"
    if not jar.is_file():
        raise SystemExit(f"bench: {jar} is missing: run ./course setup (it builds bench/)")
    out = {}
    for t in threads:
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            args = [ctx["java"], "-jar", str(jar), "CounterBench", "-t", str(t), "-f", "1", "-rf", "json", "-rff", f.name,
                    "-p", "kind=" + ",".join(kinds)]
            args += ["-wi", "0", "-i", "1", "-r", "1s"] if ctx["smoke"] else ["-wi", "1", "-i", "5", "-w", "1s", "-r", "1s"]
            subprocess.run(args, check=True, capture_output=True, timeout=900)
            for b in json.load(open(f.name)):
                raw = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
                out[(b["params"]["kind"], t)] = raw
    return out


def quick(ctx, kinds, threads, runs):
    lib = ctx["root"] / "lib" / "target" / "racelab-lib.jar"
    out = {}
    for _ in range(runs):
        r = subprocess.run([ctx["java"], "-Djava.awt.headless=true", "-jar", str(lib), "exp", "throughput",
                            "--counters", ",".join(k.lower() for k in kinds), "--threads", ",".join(map(str, threads)),
                            "--format", "json"], check=True, capture_output=True, text=True, timeout=600)
        data = json.loads(r.stdout)
        cols = data["columns"]
        for row in data["samples"]:
            rec = dict(zip(cols, row))
            if rec["mode"] != "contended":
                continue
            kind = next(k for k in kinds if LABEL[k] == rec["counter"])
            out.setdefault((kind, rec["threads"]), []).append(rec["ops_per_s"])
    return out


def summary(samples):
    """(median, low, high) of the samples: with 3 to 5 of them, their whole range is the interval."""
    return statistics.median(samples), min(samples), max(samples)


def pair(figs, prefix, name, jmh_samples, quick_samples, unit_quick):
    jm, jl, jh = summary(jmh_samples)
    qm, ql, qh = summary(quick_samples)
    figs.append((f"jmh_{name}_mops", round(jm / 1e6, 2), f"M ops/s (median of {len(jmh_samples)} 1-s iterations)"))
    figs.append((f"jmh_{name}_mops_low", round(jl / 1e6, 2), "M ops/s (lowest iteration)"))
    figs.append((f"jmh_{name}_mops_high", round(jh / 1e6, 2), "M ops/s (highest iteration)"))
    figs.append((f"{prefix}_{name}_mops", round(qm / 1e6, 2), unit_quick))
    figs.append((f"{prefix}_{name}_mops_low", round(ql / 1e6, 2), "M ops/s (lowest run)"))
    figs.append((f"{prefix}_{name}_mops_high", round(qh / 1e6, 2), "M ops/s (highest run)"))
    ratio = qm / jm
    figs.append((f"{prefix}_vs_jmh_{name}", round(ratio, 2), "x, ratio of medians (target 0.7..1.3)"))
    figs.append((f"{prefix}_vs_jmh_{name}_low", round(ql / jh, 2), "x (lowest quick / highest JMH)"))
    figs.append((f"{prefix}_vs_jmh_{name}_high", round(qh / jl, 2), "x (highest quick / lowest JMH)"))
    return ratio


def figures(ctx):
    kinds = ["SYNCHRONIZED"] if ctx["smoke"] else KINDS
    threads = [1] if ctx["smoke"] else [1, 2]
    load_before = os.getloadavg()[0]
    j = jmh(ctx, kinds, threads)
    q = quick(ctx, kinds, threads, 1 if ctx["smoke"] else QUICK_RUNS)
    figs = [("counters_load_average_1m", round(max(load_before, os.getloadavg()[0]), 2),
             f"runnable tasks (1-min load average, max of before/after) on {os.cpu_count()} cores"),
            ("counters_cores", os.cpu_count(), "cores")]
    runs = 1 if ctx["smoke"] else QUICK_RUNS
    inside = 0
    for k in kinds:
        for t in threads:
            ratio = pair(figs, "quick", f"{k.lower()}_{t}t", j[(k, t)], q[(k, t)], f"M ops/s (median of {runs} runs)")
            inside += 0.7 <= ratio <= 1.3
    figs.append(("quick_vs_jmh_within_30pct", inside, f"of {len(kinds) * len(threads)}"))
    if not ctx["smoke"]:
        # the notebook's JVM measures every kind through one call site; JMH gives each kind a JVM of its own. The
        # quick measurement with one kind per JVM shows how much of the gap that explains.
        alone = {}
        for k in kinds:
            alone.update(quick(ctx, [k], threads, QUICK_RUNS))
        inside_alone = 0
        for k in kinds:
            for t in threads:
                ratio = pair([], "quick_alone", f"{k.lower()}_{t}t", j[(k, t)], alone[(k, t)], "")
                qm, ql, qh = summary(alone[(k, t)])
                name = f"{k.lower()}_{t}t"
                inside_alone += 0.7 <= ratio <= 1.3
                figs.append((f"quick_alone_{name}_mops", round(qm / 1e6, 2), f"M ops/s (one kind per JVM, median of {QUICK_RUNS})"))
                figs.append((f"quick_alone_vs_jmh_{name}", round(ratio, 2), "x, ratio of medians"))
        figs.append(("quick_alone_vs_jmh_within_30pct", inside_alone, f"of {len(kinds) * len(threads)}"))
    return figs
