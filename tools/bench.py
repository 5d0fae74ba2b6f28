"""The performance figures the issues name, one `name: value unit` line each; also build/bench.json.

Sources: the library's own benchmarks (`racelab bench`), the course kernel's start-up, the per-cell times of
the last notebook run (`./course test` or `./course run` writes them), the last `./course test` wall time,
and any plug-in under tools/bench.d/ (a module with `figures(ctx) -> [(name, value, unit)]`).
--smoke runs the smallest version of everything: it proves the benchmarks work, not the numbers.
"""
import argparse
import importlib.util
import json
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def emit(figs, name, value, unit):
    figs.append((name, value, unit))
    if value is None:
        v = "nan"
    elif isinstance(value, float):
        v = f"{value:.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    else:
        v = str(value)
    print(f"{name}: {v} {unit}".rstrip(), flush=True)


def java_figures(figs, java, smoke):
    cmd = [java, "-Djava.awt.headless=true", "-jar", str(ROOT / "lib/target/racelab-lib.jar"), "bench"]
    if smoke:
        cmd.append("--smoke")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise SystemExit(f"bench: racelab bench failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
    for line in out.stdout.splitlines():
        name, _, rest = line.partition(": ")
        parts = rest.split(" ", 1)
        emit(figs, name, float(parts[0]) if parts[0] != "nan" else None, parts[1] if len(parts) > 1 else "")


def kernel_start(figs, smoke):
    from jupyter_client.manager import start_new_kernel
    samples = []
    for _ in range(1 if smoke else 3):
        t0 = time.monotonic()
        km, kc = start_new_kernel(kernel_name="racelab", startup_timeout=120)
        try:
            msg_id = kc.execute("1 + 1")
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("execute_result", "error"):
                    break
            samples.append(time.monotonic() - t0)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    emit(figs, "kernel_start_to_first_output_s", round(statistics.median(samples), 3), "s")


def notebook_figures(figs):
    path = BUILD / "notebook-timings.json"
    if not path.is_file():
        print("# no notebook timings yet: run ./course test or ./course run first", flush=True)
        return
    data = json.loads(path.read_text())
    for stem, t in data.items():
        key = "nb_" + stem.split("-", 1)[0]
        cells = [c for c in t["cells_s"] if c is not None]
        emit(figs, f"{key}_total_s", round(t["wall_s"], 2), "s")
        emit(figs, f"{key}_max_cell_s", round(max(cells), 2) if cells else None, "s")


def last_test_run(figs):
    path = BUILD / "test-run.json"
    if path.is_file():
        emit(figs, "course_test_last_s", json.loads(path.read_text())["course_test_s"], "s")


def plugins(figs, ctx):
    for p in sorted((ROOT / "tools" / "bench.d").glob("*.py")):
        spec = importlib.util.spec_from_file_location(p.stem, p)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for name, value, unit in mod.figures(ctx):
            emit(figs, name, value, unit)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--java", required=True)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    figs = []
    java_figures(figs, a.java, a.smoke)
    kernel_start(figs, a.smoke)
    notebook_figures(figs)
    last_test_run(figs)
    plugins(figs, {"root": ROOT, "java": a.java, "smoke": a.smoke, "emit": lambda *f: emit(figs, *f)})
    BUILD.mkdir(exist_ok=True)
    out = BUILD / ("bench-smoke.json" if a.smoke else "bench.json")
    out.write_text(json.dumps({n: {"value": v, "unit": u} for n, v, u in figs}, indent=2) + "\n")
    print(f"# written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
