"""Honesty check for notebook 02: what its sentences say must agree with the data measured in the same run and with
the CPU conditions that run recorded.

Every explanation cell (`result.explain()`) carries its data in the output (mime type
application/vnd.racelab.explanation+json: figures, intervals, the CPU conditions, small sample tables). This script
reads that data from the executed copy, recomputes what it can on its own — Wilson intervals, whether two intervals
separate — and checks the words against it: the shares and counts shown, "all"/"none"/"some", "more"/"less"/"cannot
tell apart", and that a run on one CPU, under a quota or on a shared machine says so.

usage: race_honesty.py [EXECUTED_NOTEBOOK]   (default build/notebooks/02-data-race.ipynb)
"""
import json
import decimal
import math
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NB = ROOT / "build" / "notebooks" / "02-data-race.ipynb"
EXPLANATION = "application/vnd.racelab.explanation+json"
Z = 1.959963984540054

# how each CPU regime must be named by an explanation that reports it
REGIME_WORDS = {"one_core": "only one CPU", "quota": "CPU quota", "busy": "shared with other work"}


def wilson(k, n):
    if n == 0:
        return None
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return (0.0 if k == 0 else max(0.0, centre - half), 1.0 if k == n else min(1.0, centre + half))


def separate(a, b):
    return a[0] > b[1] or a[1] < b[0]


def difference(pa, a, pb, b):
    """pa - pb with Newcombe's hybrid score interval from the Wilson intervals a and b (Interval.difference)."""
    d = pa - pb
    return d - math.hypot(pa - a[0], b[1] - pb), d + math.hypot(a[1] - pa, pb - b[0])


def signed(share):
    """A share difference as Java's "%+.0f" prints it in points: +4, -5, -0."""
    return f"{java_round(share * 100):+.0f}"


def java_round(x, decimals=0):
    """What Java's %.Nf prints: the double's shortest decimal form (Double.toString, as repr), rounded half up.
    (floor(x * 10 + 0.5) rounded 14.549999999999999 up to 14.6, because x * 10 is 145.5 in floating point; Java
    prints 14.5.) Python's round() would round half to even."""
    d = decimal.Decimal(repr(float(x))).quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    return float(d)


def pct(share, decimals=0):
    return f"{java_round(share * 100, decimals):.{decimals}f} %"


class Notebook:
    def __init__(self, path):
        self.path = path
        self.cells = {c.get("id"): c for c in json.loads(path.read_text())["cells"]}

    def explanation(self, cell_id):
        c = self.cells.get(cell_id)
        if c is None:
            raise SystemExit(f"race-honesty: no cell '{cell_id}' in {self.path}")
        for o in c.get("outputs", []):
            data = o.get("data", {}).get(EXPLANATION)
            if data is not None:
                return json.loads(data) if isinstance(data, str) else data
        raise SystemExit(f"race-honesty: cell '{cell_id}' has no explanation output (did it fail?)")


def main():
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else NB
    if not path.is_file():
        print(f"race-honesty: {path} missing: run the notebooks first")
        return 1
    nb = Notebook(path)
    problems = []

    def expect(ok, message):
        if not ok:
            problems.append(message)

    def names_regime(e, where, required=True):
        regime = e["metadata"]["cpu_regime"]
        words = REGIME_WORDS.get(regime)
        if words and required:
            expect(words in e["text"], f"{where}: the run had {regime} ({e['metadata']['cpu']}) but the text does not say so")
        for other, w in REGIME_WORDS.items():
            if other != regime:
                expect(w not in e["text"], f"{where}: the text names '{w}' but the run recorded {regime}")

    # 1. the book program in fresh JVMs
    e = nb.explanation("classic-claim")
    s = e["summary"]
    n, exact, text = int(s["runs"]), int(s["runs_exact"]), e["text"]
    if n == 0:
        expect("no data" in text, "classic: no run finished, but the text does not say 'no data'")
    elif exact == n:
        expect(f"All **{n:,}** runs printed exactly" in text, "classic: every run printed 20,000, but the text does not say so")
    else:
        lo, hi = wilson(exact, n)
        shown = f"**{pct(exact / n)}** [{java_round(lo * 100):.0f}–{pct(hi)}]"
        expect(shown in text, f"classic: expected '{shown}' (recomputed) in: {text}")
    names_regime(e, "classic", required=e["params"].get("pinned_cpu") == "none")

    # 2. the timed copy against the book program, and its timestamps
    e = nb.explanation("timed-claim")
    parts = list(e["parts"].values())
    iv = [wilson(int(p["summary"]["runs_exact"]), int(p["summary"]["runs"])) for p in parts]
    if None not in iv:
        # timed minus book, Newcombe's interval from the two Wilson intervals, in signed percentage points
        (kb, nb_), (kt, nt) = ((int(p["summary"]["runs_exact"]), int(p["summary"]["runs"])) for p in parts)
        pb, pt = kb / nb_, kt / nt
        lo, hi = difference(pt, iv[1], pb, iv[0])
        shown = f"**{signed(pt - pb)}** percentage points, 95 % interval **{signed(lo)}** to **{signed(hi)}**"
        expect(shown in e["text"], f"timed: expected '{shown}' (recomputed) in: {e['text']}")
    e = nb.explanation("overlap-claim")
    apart = int(e["summary"]["runs_apart"])
    expect(int(e["summary"]["apart_with_loss"]) == 0, "a run lost updates although its loops ran apart")
    expect(f"cannot lose an update: **{apart:,}** runs did here" in e["text"], f"overlap: the {apart} runs apart are not named")

    # 3. JIT modes and 4. one CPU: each "more/less/equal" sentence follows the recomputed intervals
    e = nb.explanation("jit-claim")
    modes = {label: wilson(int(p["summary"]["runs_with_loss"]), int(p["summary"]["runs"])) for label, p in e["parts"].items()}
    interp = next((v for k, v in modes.items() if "interpreted" in k.lower()), None)
    c2 = next((v for k, v in modes.items() if "C2" in k), None)
    if interp and c2:
        if separate(interp, c2):
            expect("lost more often than the C2-compiled" in e["text"] or "compiled loops lost more often" in e["text"],
                   "jit: interpreted and C2 separate, but the text does not say which lost more")
        else:
            expect("about equally often" in e["text"], "jit: interpreted and C2 overlap, but the text claims a difference")
    rates = {label: int(p["summary"]["runs_with_loss"]) / int(p["summary"]["runs"])
             for label, p in e["parts"].items() if int(p["summary"]["runs"]) > 0}
    default = next((k for k in modes if "default" in k.lower()), None)
    if default and interp and c2 and default in rates:
        r_def = rates[default]
        r_int = next(v for k, v in rates.items() if "interpreted" in k.lower())
        r_c2 = next(v for k, v in rates.items() if "C2" in k)
        if "lies nearer the interpreted ones" in e["text"]:
            expect(abs(r_def - r_int) < abs(r_def - r_c2) and modes[default][0] > c2[1],
                   "jit: the default is said to lie nearer the interpreter, above C2, but the data do not place it so")
        if "lies nearer the C2-compiled ones" in e["text"]:
            expect(abs(r_def - r_c2) < abs(r_def - r_int) and modes[default][1] < interp[0],
                   "jit: the default is said to lie nearer C2, below -Xint, but the data do not place it so")
    e = nb.explanation("slice-claim")
    ps = list(e["parts"].values())
    a, b = (wilson(int(p["summary"]["runs_with_loss"]), int(p["summary"]["runs"])) for p in ps)
    if a and b:
        if b[0] > a[1]:
            expect("outlasts its time slice" in e["text"], "one CPU: the long loop lost more, but the text does not say why")
        elif not separate(a, b):
            expect("did not lose measurably more often" in e["text"], "one CPU: intervals overlap, but the text claims a difference")
    expect(all(p["params"]["pinned_cpu"] != "none" for p in ps), "one CPU: a run of section 4 was not pinned")

    # 5. the start gate: no data, or its shares of all and of raced trials — and the CPU named when few raced
    for cell in ("gate-plain-claim", "gate-volatile-claim"):
        e = nb.explanation(cell)
        s, text = e["summary"], e["text"]
        n, lossy, together = int(s["trials"]), int(s["trials_with_loss"]), int(s["trials_together"])
        if n == 0:
            expect("No trial finished" in text, f"{cell}: no trial finished, but the text does not say so")
            continue
        # one form whatever the counts: the share of all trials and of the raced ones, recomputed from the counts
        shown = f"lost updates in **{pct(lossy / n, 1)}**"
        expect(shown in text, f"{cell}: expected '{shown}' in: {text}")
        expect(f"of **{n:,}** trials (**{lossy:,}** trials)" in text, f"{cell}: the count of losing trials is missing")
        raced_lost = int(s["together_with_loss"])
        raced = (f"the share that lost: **{pct(raced_lost / together, 1)}**" if together
                 else "the share that lost: **no data**")
        expect(raced in text, f"{cell}: expected '{raced}' in: {text}")
        expect(f"In **{together:,}** of **{n:,}** trials" in text, f"{cell}: the count of raced trials is missing")
        names_regime(e, cell, required=2 * together < n)
        expect(e["params"]["loop_jit"] in text, f"{cell}: the loop's JIT state is not named")

    # 6. the thread sweep: "more"/"less" only where the recomputed intervals separate
    e = nb.explanation("threads-claim")
    cols = e.get("columns", [])
    rows = [dict(zip(cols, r)) for r in e.get("samples", [])]
    at = [r for r in rows if r["increments"] == 10_000 and r["counter"] == "volatile int" and r["trials"] > 0]
    min_raced = int(e["params"]["min_raced"])  # StartGate.MIN_RACED, carried in the sweep's result
    if len(at) >= 2 and min(at[0]["trials_together"], at[-1]["trials_together"]) < min_raced:
        expect("too few to compare" in e["text"], "threads: too few trials raced to compare, but the text compares")
    elif len(at) >= 2:
        few, many = at[0], at[-1]
        a, b = (few["fraction_low"], few["fraction_high"]), (many["fraction_low"], many["fraction_high"])
        if b[0] > a[1]:
            expect("More threads lost more" in e["text"], "threads: more threads lost more, the text does not say so")
        elif b[1] < a[0]:
            expect("More threads lost *less*" in e["text"], "threads: more threads lost less, the text does not say so")
        else:
            expect("within this run's noise" in e["text"], "threads: the intervals overlap, but the text claims a difference")

    # 7. the loop-length sweep: a collapsed loop is never compared as a longer one; otherwise the difference of the
    #    shortest and longest lengths with enough raced trials, with its recomputed interval
    e = nb.explanation("sweep-claim")
    min_raced = int(e["params"]["min_raced"])
    cols = e.get("columns", [])
    rows = [dict(zip(cols, r)) for r in e.get("samples", [])]
    for label in ("plain static int", "volatile int"):
        pts = [r for r in rows if r["counter"] == label and r["trials"] > 0]
        if not pts:
            continue
        # the shortest and the longest length that each had enough raced trials (SweepExplain's rule)
        raced = [r for r in pts if r["trials_together"] >= min_raced]
        if len(raced) < 2:
            expect(f"Too few trials of the {label} counter really raced" in e["text"],
                   f"sweep: fewer than two lengths of {label} had {min_raced} raced trials, but the text compares")
            continue
        first, last = raced[0], raced[-1]
        sentence = next((x for x in re.split(r"(?<=\.) ", e["text"]) if f"The {label} counter lost updates" in x), "")
        ns = last["ns_per_increment"]
        collapsed = last["loop_jit"] == "C2" and ns is not None and ns < float(e["params"]["collapsed_below_ns"])
        a = wilson(int(first["trials_with_loss"]), int(first["trials"]))
        b = wilson(int(last["trials_with_loss"]), int(last["trials"]))
        if collapsed:
            expect("do not compare loop lengths" in sentence and "longer loops lost" not in sentence,
                   f"sweep: the {label} loop collapsed at {last['increments']:,}, but the text compares lengths: {sentence}")
        else:
            pa = int(first["trials_with_loss"]) / int(first["trials"])
            pb = int(last["trials_with_loss"]) / int(last["trials"])
            lo, hi = difference(pb, b, pa, a)
            shown = (f"the longer loop minus the shorter, **{signed(pb - pa)}** percentage points, 95 % interval "
                     f"**{signed(lo)}** to **{signed(hi)}**")
            expect(shown in sentence, f"sweep: expected '{shown}' (recomputed) for {label} in: {sentence}")

    # 8. every interleaving against the measured gate
    e = nb.explanation("interleavings-claim")
    k = int(e["summary"]["trials"])
    if k > 0:
        uniform = float(e["summary"]["uniform_share_correct"])
        lo, hi = e["intervals"]["measured_share_correct"]
        if lo > uniform:
            expect("Real schedulers don't shuffle steps" in e["text"], "interleavings: measured above uniform, not said")
        elif hi < uniform:
            expect("even less often" in e["text"], "interleavings: measured below uniform, not said")
        else:
            expect("cannot tell" in e["text"], "interleavings: the interval holds the uniform share, but a difference is claimed")

    for p in problems:
        print("FAIL:", p)
    regime = nb.explanation("classic-claim")["metadata"]["cpu"]
    print(f"race-honesty: notebook 02 ran on: {regime}; {len(problems)} disagreement(s) between text, data and CPU")
    print("1 passed, 0 failed" if not problems else "0 passed, 1 failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
