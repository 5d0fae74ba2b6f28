"""Honesty check for the one-form sentences of notebooks 03 and 04 (issue 12): each figure they show must be the one
the data of the same run gives, recomputed here from the explanation's (and the displayed results') data.

- 03 `nb03-04`, `nb03-04b` (lock check): the share of the copy's trials with more than N changes of owner, with its
  Wilson interval recomputed from the count, and no verdict word read from the median ("a strong check" …).
- 04 `nb04-10` (CAS): both retried shares and the wide-minus-tight difference with Newcombe's interval, recomputed
  from the counts of both runs (the tight run's data is in cell `nb04-07`'s output); the starved count.
- 04 `nb04-16` (lock against atomic): the three ratios and their conservative intervals, recomputed from the medians'
  intervals; no "beat"/"within the noise" verdict.

A shown number passes when it equals the recomputed one to the precision it is printed with.

usage: locks_honesty.py EXECUTED_NOTEBOOK [...]   (default build/notebooks/03-mutex.ipynb and 04-atomics.ipynb)
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from race_honesty import wilson, difference  # noqa: E402  (one implementation of each interval)

EXPLANATION = "application/vnd.racelab.explanation+json"
RESULT = "application/vnd.racelab.result+json"
NUM = r"([+−-]?[\d,]+(?:\.\d+)?)"


def outputs(nb, cell_id, mime):
    for c in nb["cells"]:
        if c.get("id") == cell_id:
            for o in c.get("outputs", []):
                d = o.get("data", {}).get(mime)
                if d is not None:
                    yield json.loads(d) if isinstance(d, str) else d


def first(nb, cell_id, mime):
    return next(outputs(nb, cell_id, mime), None)


def close(shown, value):
    """Does the printed number equal value to the precision it was printed with?"""
    s = shown.replace(",", "").replace("−", "-")
    decimals = len(s.split(".")[1]) if "." in s else 0
    return abs(float(s) - value) <= 0.5 * 10 ** -decimals + 1e-9


def check(path):
    nb = json.loads(pathlib.Path(path).read_text())
    failures, checked = [], 0

    def expect(ok, message):
        nonlocal checked
        checked += 1
        if not ok:
            failures.append(message)

    stem = pathlib.Path(path).stem
    if stem.startswith("03"):
        for cid in ("nb03-04", "nb03-04b"):
            e = first(nb, cid, EXPLANATION)
            if e is None:
                expect(False, f"{cid}: no explanation output")
                continue
            text, s = e["text"], e["summary"]
            for word in ("a strong check", "A real test", "hardly changed hands"):
                expect(word not in text, f"{cid}: a verdict read from the median of hand-offs: '{word}'")
            n = int(s.get("copy_trials", 0))
            if n == 0:
                expect("this run cannot say" in text, f"{cid}: no copy trials, but no 'cannot say'")
                continue
            share = s["share_handed_often"]
            k = round(share * n)
            lo, hi = wilson(k, n)
            m = re.search(r"Here \*\*" + NUM + r" %\*\*(?: \[" + NUM + "–" + NUM + r" %\])? of the copy's trials", text)
            expect(m is not None, f"{cid}: the share of trials tested inside the loops is not shown")
            if m:
                expect(close(m.group(1), 100 * k / n), f"{cid}: shown {m.group(1)} %, data {100 * k / n:.2f} %")
                if m.group(2):
                    expect(close(m.group(2), 100 * lo) and close(m.group(3), 100 * hi),
                           f"{cid}: shown [{m.group(2)}–{m.group(3)} %], Wilson of {k}/{n} [{100 * lo:.2f}–{100 * hi:.2f} %]")
    if stem.startswith("04"):
        tight, wide = first(nb, "nb04-07", RESULT), first(nb, "nb04-10", EXPLANATION)
        if tight is None or wide is None:
            expect(False, "nb04-10: the tight run's result (nb04-07) or the explanation is missing")
        else:
            text, t, w = wide["text"], tight["summary"], wide["summary"]
            k0, n0, k1, n1 = int(t["retried"]), int(t["expected"]), int(w["retried"]), int(w["expected"])
            m = re.search(r"with nothing between read and CAS, \*\*" + NUM + r" %\*\*.*?; with \*\*\d+ ns\*\* of work, \*\*"
                          + NUM + r" %\*\*.*?minus the tight one, \*\*" + NUM + r"\*\* percentage points, 95 % interval \*\*"
                          + NUM + r"\*\* to \*\*" + NUM + r"\*\*", text, re.S | re.I)
            expect(m is not None, "nb04-10: the two shares and their difference are not shown in one sentence")
            if m and n0 and n1:
                a, b = wilson(k1, n1), wilson(k0, n0)
                d = difference(k1 / n1, a, k0 / n0, b)
                expect(close(m.group(1), 100 * k0 / n0) and close(m.group(2), 100 * k1 / n1),
                       f"nb04-10: shares shown {m.group(1)} and {m.group(2)} %, data {100 * k0 / n0:.3f} and {100 * k1 / n1:.3f} %")
                expect(close(m.group(3), 100 * (k1 / n1 - k0 / n0)) and close(m.group(4), 100 * d[0])
                       and close(m.group(5), 100 * d[1]),
                       f"nb04-10: difference shown {m.group(3)} [{m.group(4)}, {m.group(5)}], Newcombe "
                       f"{100 * (k1 / n1 - k0 / n0):.3f} [{100 * d[0]:.3f}, {100 * d[1]:.3f}]")
            m = re.search(r"\*\*" + NUM + r"\*\* increments retried", text)
            expect(m is not None and close(m.group(1), w["starved"]), "nb04-10: the starved count shown is not the data's")
            expect(any("of a core without the work" in l for l in wide.get("load_sentences", [])),
                   "nb04-10: the CPU the threads got is not carried as a load sentence")
        e = first(nb, "nb04-16", EXPLANATION)
        if e is None:
            expect(False, "nb04-16: no explanation output")
        else:
            text, s, iv = e["text"], e["summary"], e["intervals"]
            for word in ("beat", "within the noise of each other", "fell from"):
                expect(word not in text, f"nb04-16: a verdict that flipped between runs: '{word}'")
            m = re.search(r"with \*\*(\d+)\*\* threads on", text)
            n = m.group(1) if m else "2"
            pairs = {"The ratio of `AtomicInteger`'s rate to `synchronized`'s": ("atomicinteger", n, "synchronized", n),
                     "The ratio of `LongAdder`'s rate to `AtomicInteger`'s": ("longadder", n, "atomicinteger", n),
                     "The ratio of `AtomicInteger`'s rate with": ("atomicinteger", n, "atomicinteger", "1")}
            for lead, (ka, na, kb, nb_) in pairs.items():
                fa, fb = f"{ka}_{na}t_mops", f"{kb}_{nb_}t_mops"
                if fa not in iv or fb not in iv:
                    continue
                m = re.search(re.escape(lead) + r"[^:]*: \*\*×" + NUM + r"\*\*(?: \[×" + NUM + "–×" + NUM + r"\])?", text)
                expect(m is not None, f"nb04-16: '{lead}' not shown")
                if not m:
                    continue
                est = s[fa] / s[fb]
                lo, hi = iv[fa][0] / iv[fb][1], iv[fa][1] / iv[fb][0]
                expect(close(m.group(1), est), f"nb04-16: {lead}: shown ×{m.group(1)}, data ×{est:.3f}")
                if m.group(2):
                    expect(close(m.group(2), lo) and close(m.group(3), hi),
                           f"nb04-16: {lead}: shown [×{m.group(2)}–×{m.group(3)}], data [×{lo:.3f}–×{hi:.3f}]")
    return checked, failures


def main():
    paths = sys.argv[1:] or [ROOT / "build" / "notebooks" / "03-mutex.ipynb", ROOT / "build" / "notebooks" / "04-atomics.ipynb"]
    bad = 0
    for p in paths:
        checked, failures = check(p)
        for f in failures:
            print(f"FAIL {pathlib.Path(p).name}: {f}")
        print(f"locks honesty: {pathlib.Path(p).name}: {checked - len(failures)} of {checked} checks passed")
        bad += len(failures)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
