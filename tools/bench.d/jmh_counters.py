"""Issue 4's figure: JMH's careful measurement of the counter primitives at 1 and 2 threads, next to the notebooks'
quick measurement (Throughput, `racelab exp throughput`) of the same operation (`counter.add(1)`, all threads on one
counter), with their ratio.

Both are wall-clock rates, so on a machine shared with other work both fall with the share of the cores they get.
To compare the methods rather than the noise, each side reports its best: JMH its best 1-s iteration, the quick
measurement its best of three runs (each a fresh JVM, as the notebook's kernel is one JVM). The load average is
reported next to them."""
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
                out[(b["params"]["kind"], t)] = max(raw)
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
            key = (kind, rec["threads"])
            out[key] = max(out.get(key, 0), rec["ops_per_s"])
    return out


def figures(ctx):
    kinds = ["SYNCHRONIZED"] if ctx["smoke"] else KINDS
    threads = [1] if ctx["smoke"] else [1, 2]
    load_before = os.getloadavg()[0]
    j = jmh(ctx, kinds, threads)
    q = quick(ctx, kinds, threads, 1 if ctx["smoke"] else QUICK_RUNS)
    figs = [("counters_load_average_1m", round(max(load_before, os.getloadavg()[0]), 2),
             f"runnable tasks (1-min load average, max of before/after) on {os.cpu_count()} cores")]
    inside = 0
    for k in kinds:
        for t in threads:
            name = f"{k.lower()}_{t}t"
            ratio = q[(k, t)] / j[(k, t)]
            inside += 0.7 <= ratio <= 1.3
            figs.append((f"jmh_{name}_mops", round(j[(k, t)] / 1e6, 2), "M ops/s (best 1-s iteration)"))
            figs.append((f"quick_{name}_mops", round(q[(k, t)] / 1e6, 2), f"M ops/s (best of {1 if ctx['smoke'] else QUICK_RUNS} runs)"))
            figs.append((f"quick_vs_jmh_{name}", round(ratio, 2), "x (target 0.7..1.3)"))
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
                name = f"{k.lower()}_{t}t"
                ratio = alone[(k, t)] / j[(k, t)]
                inside_alone += 0.7 <= ratio <= 1.3
                figs.append((f"quick_alone_{name}_mops", round(alone[(k, t)] / 1e6, 2), "M ops/s (one kind per JVM, best of 3)"))
                figs.append((f"quick_alone_vs_jmh_{name}", round(ratio, 2), "x"))
        figs.append(("quick_alone_vs_jmh_within_30pct", inside_alone, f"of {len(kinds) * len(threads)}"))
    return figs
