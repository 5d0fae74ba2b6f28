"""Honesty check for notebook 02: the sentences it prints about what was measured must agree with the data it
measured in the same run. Reads the executed copy build/notebooks/02-data-race.ipynb: each result cell prints its
figures as a text table, each claim cell prints Markdown; this script reads both and compares them."""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NB = ROOT / "build" / "notebooks" / "02-data-race.ipynb"


class Notebook:
    def __init__(self, path):
        self.cells = {c.get("id"): c for c in json.loads(path.read_text())["cells"]}

    def outputs(self, cell_id, mime):
        c = self.cells.get(cell_id)
        if c is None:
            raise SystemExit(f"race-honesty: no cell '{cell_id}' in {NB}")
        out = ["".join(o["data"][mime]) if isinstance(o["data"][mime], list) else o["data"][mime]
               for o in c.get("outputs", []) if mime in o.get("data", {})]
        if not out:
            raise SystemExit(f"race-honesty: cell '{cell_id}' has no {mime} output (did it fail?)")
        return out[-1]

    def figure(self, cell_id, name):
        text = self.outputs(cell_id, "text/plain")
        m = re.search(rf"^\s*{name}\s+([0-9.,e+-]+)", text, re.M)
        if not m:
            raise SystemExit(f"race-honesty: no figure {name} in cell {cell_id}:\n{text}")
        return float(m.group(1).replace(",", ""))

    def claim(self, cell_id):
        return self.outputs(cell_id, "text/markdown")


def bold_numbers(md):
    """The numbers the prose puts in bold, in order, as printed (e.g. "63.7", "2,000")."""
    out = []
    for span in re.findall(r"\*\*(.+?)\*\*", md):
        m = re.search(r"[0-9][0-9,]*(?:\.[0-9]+)?", span)
        if m:
            out.append(m.group(0))
    return out


def same_percent(text_value, share):
    """Does a percentage printed in the prose (e.g. "63.7") match a share from the figure table (e.g. 0.638)?
    Both are rounded: the prose to its own decimals, the table to 3 significant digits (at most 0.05 points)."""
    s = str(text_value)
    decimals = len(s.split(".")[1]) if "." in s else 0
    return abs(float(s.replace(",", "")) - share * 100) <= 0.5 * 10 ** -decimals + 0.05 + 1e-9


def main():
    global NB
    if len(sys.argv) > 1:  # another executed copy, e.g. to see the check fail on a doctored one
        NB = pathlib.Path(sys.argv[1])
    if not NB.is_file():
        print(f"race-honesty: {NB} missing: run the notebooks first")
        return 1
    nb = Notebook(NB)
    problems = []

    def expect(ok, message):
        if not ok:
            problems.append(message)

    # 1. the classic program in fresh JVMs: the sentence about 20,000 follows the measured share
    exact = nb.figure("classic-run", "share_exact")
    runs = nb.figure("classic-run", "runs")
    claim = nb.claim("classic-claim")
    if exact == 0:
        expect("it never did" in claim, "no run printed 20,000, but the text does not say so")
        median = nb.figure("classic-run", "median_value")
    elif exact == 1:
        expect("all" in claim and "printed exactly 20,000" in claim, "every run printed 20,000, but the text does not say so")
        median = None
    else:
        expect("it did, in" in claim and "never did" not in claim, f"{exact:.3f} of runs printed 20,000, but the text does not say so")
        p = re.search(r"it did, in ([0-9.]+)%", claim)
        expect(p is not None and same_percent(p.group(1), exact),
               f"text says {p.group(1) if p else '?'}% printed 20,000; the data says {exact * 100:.2f}%")
        median = nb.figure("classic-run", "median_value_when_lost")
    if median is not None:
        # Java rounds half up (17,892.5 -> 17,893), Python half to even: accept either neighbour
        import math
        forms = {f"{math.floor(median):,}", f"{math.ceil(median):,}", f"{median:,.0f}"}
        expect(any(f in claim for f in forms), f"text does not carry the measured median {median:,.1f}: {claim}")
    expect(f"{runs:,.0f}" in claim, f"text does not carry the number of runs {runs:,.0f}")

    # the same program in-process: percentage and the comparison sentence
    share_in = nb.figure("inprocess-run", "share_exact")
    inclaim = nb.claim("inprocess-claim")
    nums = bold_numbers(inclaim)
    expect(nums and same_percent(nums[0], share_in), f"in-process text says {nums[:1]}%; the data says {share_in * 100:.2f}%")
    # comparisons of two rounded table values: judged only where rounding (<= 0.0005 each) cannot flip them
    diff = share_in - exact
    if abs(diff) > 0.001:
        expect(("fewer losses" in inclaim) == (diff > 0), "in-process 'fewer losses' contradicts the data")
        expect(("*more* often" in inclaim) == (diff < 0), "in-process 'more often' contradicts the data")
    if abs(diff - 0.2) > 0.001:
        expect(("far fewer" in inclaim) == (diff > 0.2), "in-process 'far fewer' contradicts the data")

    # 2. overlap: the count of runs whose loops ran apart, and the share that overlapped
    oclaim = nb.claim("overlap-claim")
    apart = nb.figure("classic-run", "runs_apart")
    expect(f"**{apart:,.0f}** runs where one loop had ended" in oclaim, f"overlap text does not name the {apart:.0f} runs apart")
    expect(nb.figure("classic-run", "apart_with_loss") == 0 and "no update was lost" in oclaim,
           "a run lost updates although its loops ran apart, or the text does not say none did")
    nums = bold_numbers(oclaim)
    expect(nums and same_percent(nums[0], nb.figure("classic-run", "share_overlapping")),
           f"overlap text says {nums[:1]}% overlapped; the data says {nb.figure('classic-run', 'share_overlapping') * 100:.1f}%")

    # -Xint versus the JIT
    jclaim = nb.claim("jit-claim")
    nums = bold_numbers(jclaim)
    expect(nums and same_percent(nums[0], nb.figure("xint-run", "share_exact")),
           f"-Xint text says {nums[:1]}%; the data says {nb.figure('xint-run', 'share_exact') * 100:.1f}%")

    # 3. the start gate: plain counter (lost or not) and volatile (the check and its sentence)
    plain_share = nb.figure("gate-plain", "share_with_loss")
    pclaim = nb.claim("gate-plain-claim")
    if plain_share > 0:
        p = re.search(r"lost updates in \*\*([0-9.]+)%", pclaim)
        expect(p is not None and same_percent(p.group(1), plain_share),
               f"plain-gate text says {p.group(1) if p else '?'}% lost; the data says {plain_share * 100:.2f}%")
    else:
        expect("lost **nothing**" in pclaim, "the plain gate lost nothing, but the text does not say so")

    together = nb.figure("gate-volatile", "trials_together")
    vclaim = nb.claim("gate-volatile-claim")
    if together < 50:
        expect("too busy" in vclaim, "volatile: threads rarely started together, but the text does not say so")
    else:
        expect(nb.figure("gate-volatile", "together_with_loss") > 0, "volatile lost nothing in trials that started together")
        nums = bold_numbers(vclaim)
        vshare = nb.figure("gate-volatile", "share_with_loss")
        expect(nums and same_percent(nums[0], vshare), f"volatile text says {nums[:1]}%; the data says {vshare * 100:.2f}%")

    for p in problems:
        print("FAIL:", p)
    print(f"race-honesty: 20,000 printed in {exact * 100:.1f}% of {runs:.0f} fresh JVMs, {share_in * 100:.1f}% in-process; "
          f"{len(problems)} disagreement(s) between text and data")
    print("1 passed, 0 failed" if not problems else "0 passed, 1 failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
