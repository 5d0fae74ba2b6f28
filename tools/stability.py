"""Does notebook 02 tell the same story from run to run, and an honest one on one CPU and beside CPU hogs?

1. Stability: notebook 02 executed N times (default 3; the run of `./course test`'s notebook step counts as the first
   when it is there); every data-chosen sentence (each Markdown output a cell computed) with its numbers masked must be
   identical across the runs in at least --min-share of the cells (default 0.9). The one sentence that names the CPU
   conditions of the moment (an explanation's `load_sentences`) is left out of the comparison and reported apart.
2. One CPU: notebook 02 executed with the kernel pinned to one CPU (taskset -c 0); it must pass and its honesty check
   (tools/race_honesty.py: the words against the data and the CPU each run recorded) must pass.
3. Busy: notebook 02 executed beside two CPU-hog processes; the same.

Executed copies go to build/stability/. Prints one line per run and the figure `stability_identical_share`; exit 1
when a notebook fails, a check fails, or the share is below the minimum.

usage: stability.py [--runs N] [--min-share X] [--skip-pinned] [--skip-hogs] [--notebook 02-data-race [04 …] | --all]

All nine notebooks, three runs, no pinned or hog runs (the quiet-machine check beyond CI, target 0.95):
  stability.py --all --runs 3 --min-share 0.95 --skip-pinned --skip-hogs
"""
import argparse
import json
import multiprocessing
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbrun  # noqa: E402

OUT = ROOT / "build" / "stability"
# a number with its sign: "+3 %" and "−2 %" are two values of one figure (the minus was masked, the plus was not)
NUMBER = re.compile(r"[+−-]?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?")


EXPLANATION = "application/vnd.racelab.explanation+json"
BRACKET = re.compile(r" \[[^\]\n]*#[^\]\n]*\]")


def masked_sentences(nb_path):
    """cell id -> the cell's computed Markdown with every number replaced by '#'.

    The sentences that name the CPU conditions (an explanation's `load_sentences`: "The cores were shared with other
    work …", "This JVM may use only one CPU …") report the moment, not a conclusion (issue 12: "only sentences that
    name the load may change"): they are left out, so a cell whose conclusions stayed the same is not counted as changed
    because the machine got busy for a moment. `load_named(nb)` lists the cells where it was there, for the report."""
    nb = json.loads(pathlib.Path(nb_path).read_text())
    out = {}
    for c in nb["cells"]:
        if c.get("cell_type") != "code":
            continue
        texts = []
        for o in c.get("outputs", []):
            data = o.get("data", {})
            md = data.get("text/markdown")
            if md is None:
                continue
            md = "".join(md) if isinstance(md, list) else md
            for load in explanation(data).get("load_sentences", []):
                md = re.sub(r"[ \t]{2,}", " ", md.replace(load, ""))
            texts.append(md.strip())  # with or without a load sentence, the same ends
        if texts:
            # numbers masked; an interval's brackets too, since a point interval (all samples equal) prints none and
            # that is typography, not a change of story
            out[c["id"]] = BRACKET.sub("", NUMBER.sub("#", "\n".join(texts)))
    return out


def explanation(data):
    """The explanation JSON of one output's data (stored as a string or as an object), or {}."""
    e = data.get(EXPLANATION)
    if isinstance(e, str):
        e = json.loads(e)
    return e or {}


def load_named(nb_path):
    """Cell ids whose explanation named the CPU conditions."""
    nb = json.loads(pathlib.Path(nb_path).read_text())
    return {c["id"] for c in nb["cells"] if c.get("cell_type") == "code"
            and any(explanation(o.get("data", {})).get("load_sentences") for o in c.get("outputs", []))}


def identical_share(runs):
    """Share of data-chosen cells whose masked text is the same in every run (cells missing in a run differ)."""
    ids = set().union(*(r.keys() for r in runs))
    if not ids:
        return 0.0, []
    differing = [i for i in sorted(ids) if len({r.get(i) for r in runs}) != 1]
    return 1 - len(differing) / len(ids), differing


def sentence_diff(texts):
    """(marks, sentence) for each sentence that some of the texts lack; marks has an X per text that has it."""
    split = [set(re.split(r"(?<=[.:!?]) |\n", t)) for t in texts]
    return [("".join("X" if x in s else "." for s in split), x)
            for x in sorted(set().union(*split)) if x and not all(x in s for s in split)]


def execute(nb_path, tag, prefix=()):
    """Runs the notebook in a child Python (so taskset can pin it and its kernel); returns (ok, executed path, seconds)."""
    out = OUT / tag
    (out / nb_path.name).unlink(missing_ok=True)
    cmd = [*prefix, sys.executable, str(ROOT / "tools" / "nbrun.py"), "--out", str(out), str(nb_path)]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t0
    sys.stdout.write("".join("    " + l + "\n" for l in p.stdout.splitlines() if not l.startswith("notebooks:")))
    return p.returncode == 0, out / nb_path.name, wall


# notebook -> the honesty check that holds its executed words against its data (tools/<script> EXECUTED_NOTEBOOK)
HONESTY = {"02-data-race": "race_honesty.py", "03-mutex": "locks_honesty.py", "04-atomics": "locks_honesty.py"}


def honest(executed):
    script = HONESTY.get(executed.stem)
    if script is None or not (ROOT / "tools" / script).is_file():
        return True
    p = subprocess.run([sys.executable, str(ROOT / "tools" / script), str(executed)], capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith("FAIL") or "honesty:" in line:
            print("    " + line)
    return p.returncode == 0


def hog():
    while True:
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.9)
    ap.add_argument("--notebook", nargs="+", default=["02-data-race"], help="one or more notebooks (names or prefixes)")
    ap.add_argument("--all", action="store_true", help="every notebook of notebooks/")
    ap.add_argument("--skip-pinned", action="store_true")
    ap.add_argument("--skip-hogs", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="do not reuse build/notebooks/ as the first run")
    a = ap.parse_args()
    if a.runs < 2:
        raise SystemExit("stability: --runs must be 2 or more (got %d)" % a.runs)
    if not 0 <= a.min_share <= 1:
        raise SystemExit("stability: --min-share must be between 0 and 1 (got %s)" % a.min_share)
    nb_paths = nbrun.resolve([] if a.all else a.notebook)
    OUT.mkdir(parents=True, exist_ok=True)
    failures = []
    runs = []   # per run: {"NB/cell": masked text} over every notebook
    named = []  # per run: cells that named the CPU conditions

    def record(executed, into):
        for cid, text in masked_sentences(executed).items():
            into[0][f"{executed.stem}/{cid}"] = text
        into[1].update(f"{executed.stem}/{cid}" for cid in load_named(executed))

    for i in range(1, a.runs + 1):
        this = ({}, set())
        for nb_path in nb_paths:
            previous = ROOT / "build" / "notebooks" / nb_path.name
            if i == 1 and not a.fresh and previous.is_file() and previous.stat().st_mtime > nb_path.stat().st_mtime:
                print(f"run 1 of {nb_path.stem}: the notebook step's executed copy ({previous.relative_to(ROOT)})")
                record(previous, this)
                continue
            ok, executed, wall = execute(nb_path, f"run-{i}")
            print(f"run {i} of {nb_path.stem}: {'ok' if ok else 'FAILED'} in {wall:.0f} s")
            if not ok:
                failures.append(f"run {i} of {nb_path.stem} failed")
                continue
            if not honest(executed):
                failures.append(f"run {i} of {nb_path.stem}: honesty check")
            record(executed, this)
        runs.append(this[0])
        named.append(this[1])
    share, differing = identical_share(runs)
    load_cells = sorted(set().union(*named)) if named else []
    if load_cells:
        print("cells that named the CPU conditions in some run (that sentence left out of the comparison): "
              + ", ".join(f"{c} ({sum(c in n for n in named)} of {len(named)})" for c in load_cells))
    print(f"stability_identical_share: {share:.3f} ({len(runs)} runs of {len(nb_paths)} notebook(s); "
          f"{len(set().union(*runs))} data-chosen cells; cells that changed: {', '.join(differing) or 'none'})")
    if share < a.min_share:
        failures.append(f"only {share:.0%} of data-chosen cells said the same thing in {len(runs)} runs (need {a.min_share:.0%})")
    for cid in differing:
        print(f"    {cid}: the sentences not in every run (X: in that run)")
        for marks, sentence in sentence_diff([r.get(cid) or "" for r in runs]):
            print(f"      {marks} {sentence[:300]}")
    (OUT / "stability.json").write_text(json.dumps({"stability_identical_share": share, "runs": len(runs),
                                                    "notebooks": [p.stem for p in nb_paths],
                                                    "differing": differing}, indent=2))

    taskset = shutil.which("taskset")
    for nb_path in nb_paths:
        if not a.skip_pinned:
            if taskset is None:
                print("pinned: skipped (no taskset on this system)")
            else:
                ok, executed, wall = execute(nb_path, "pinned", prefix=(taskset, "-c", "0"))
                print(f"{nb_path.stem} pinned to CPU 0: {'ok' if ok else 'FAILED'} in {wall:.0f} s")
                if not ok:
                    failures.append(f"{nb_path.stem}: the pinned run failed")
                elif not honest(executed):
                    failures.append(f"{nb_path.stem} pinned: honesty check")
        if not a.skip_hogs:
            hogs = [multiprocessing.Process(target=hog, daemon=True) for _ in range(2)]
            for h in hogs:
                h.start()
            try:
                ok, executed, wall = execute(nb_path, "hogs")
            finally:
                for h in hogs:
                    h.terminate()
                for h in hogs:
                    h.join(5)
            print(f"{nb_path.stem} beside two CPU hogs: {'ok' if ok else 'FAILED'} in {wall:.0f} s")
            if not ok:
                failures.append(f"{nb_path.stem}: the run beside CPU hogs failed")
            elif not honest(executed):
                failures.append(f"{nb_path.stem} beside CPU hogs: honesty check")

    for f in failures:
        print("FAIL:", f)
    print("1 passed, 0 failed" if not failures else "0 passed, 1 failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
