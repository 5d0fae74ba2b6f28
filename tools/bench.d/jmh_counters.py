"""Issue 4's figure: JMH's careful measurement of the counter primitives at 1 and 2 threads, next to the notebooks'
quick measurement (Throughput, `racelab exp throughput`) of the same operation, with their ratio."""
import json
import subprocess
import tempfile

KINDS = ["VOLATILE", "SYNCHRONIZED", "REENTRANT_LOCK", "ATOMIC_INTEGER", "LONG_ADDER"]
LABEL = {"VOLATILE": "volatile int", "SYNCHRONIZED": "synchronized", "REENTRANT_LOCK": "ReentrantLock",
         "ATOMIC_INTEGER": "AtomicInteger", "LONG_ADDER": "LongAdder"}


def jmh(ctx, kinds, threads):
    jar = ctx["root"] / "bench" / "target" / "benchmarks.jar"
    out = {}
    for t in threads:
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            args = [ctx["java"], "-jar", str(jar), "CounterBench", "-t", str(t), "-f", "1", "-rf", "json", "-rff", f.name,
                    "-p", "kind=" + ",".join(kinds)]
            args += ["-wi", "0", "-i", "1", "-r", "1s"] if ctx["smoke"] else ["-wi", "1", "-i", "3", "-w", "1s", "-r", "1s"]
            subprocess.run(args, check=True, capture_output=True, timeout=900)
            for b in json.load(open(f.name)):
                out[(b["params"]["kind"], t)] = b["primaryMetric"]["score"]
    return out


def quick(ctx, kinds, threads):
    lib = ctx["root"] / "lib" / "target" / "racelab-lib.jar"
    r = subprocess.run([ctx["java"], "-Djava.awt.headless=true", "-jar", str(lib), "exp", "throughput",
                        "--counters", ",".join(k.lower() for k in kinds), "--threads", ",".join(map(str, threads)),
                        "--format", "json"], check=True, capture_output=True, text=True, timeout=600)
    data = json.loads(r.stdout)
    cols = data["columns"]
    out = {}
    for row in data["samples"]:
        rec = dict(zip(cols, row))
        if rec["mode"] != "contended":
            continue
        kind = next(k for k in kinds if LABEL[k] == rec["counter"])
        out[(kind, rec["threads"])] = rec["ops_per_s"]
    return out


def figures(ctx):
    kinds = ["SYNCHRONIZED"] if ctx["smoke"] else KINDS
    threads = [1] if ctx["smoke"] else [1, 2]
    j = jmh(ctx, kinds, threads)
    q = quick(ctx, kinds, threads)
    figs = []
    for k in kinds:
        for t in threads:
            name = f"{k.lower()}_{t}t"
            figs.append((f"jmh_{name}_mops", round(j[(k, t)] / 1e6, 2), "M ops/s"))
            figs.append((f"quick_{name}_mops", round(q[(k, t)] / 1e6, 2), "M ops/s"))
            figs.append((f"quick_vs_jmh_{name}", round(q[(k, t)] / j[(k, t)], 2), "x (target 0.7..1.3)"))
    return figs
