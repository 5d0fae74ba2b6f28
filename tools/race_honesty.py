"""Honesty check for notebook 02: the sentences it prints about the classic program must agree with the data
it measured in the same run. Reads the executed copy build/notebooks/02-data-race.ipynb."""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NB = ROOT / "build" / "notebooks" / "02-data-race.ipynb"


def outputs(nb, cell_id, mime):
    for c in nb["cells"]:
        if c.get("id") == cell_id:
            return ["".join(o["data"][mime]) if isinstance(o["data"][mime], list) else o["data"][mime]
                    for o in c.get("outputs", []) if mime in o.get("data", {})]
    raise SystemExit(f"race-honesty: no cell '{cell_id}' in {NB}")


def figure(text, name):
    m = re.search(rf"^\s*{name}\s+([0-9.,e+-]+)", text, re.M)
    if not m:
        raise SystemExit(f"race-honesty: no figure {name} in:\n{text}")
    return float(m.group(1).replace(",", ""))


def percents(md):
    return [float(x) for x in re.findall(r"\*\*(?:On this machine it did, in )?([0-9.]+)%", md)]


def main():
    if not NB.is_file():
        print(f"race-honesty: {NB} missing: run the notebooks first")
        return 1
    nb = json.loads(NB.read_text())
    problems = []

    classic = outputs(nb, "classic-run", "text/plain")[-1]
    claim = outputs(nb, "classic-claim", "text/markdown")[-1]
    exact = figure(classic, "share_exact")
    runs = figure(classic, "runs")
    if exact == 0:
        if "never did" not in claim:
            problems.append("no run printed 20,000, but the text does not say so")
    else:
        if "it did" not in claim or "never did" in claim:
            problems.append(f"{exact:.3f} of runs printed 20,000, but the text does not say so")
        p = percents(claim)
        if not p or abs(p[0] - exact * 100) > 0.06:  # text: 3 significant digits, prose: 1 decimal
            problems.append(f"text says {p[:1]}% printed 20,000; the data says {exact * 100:.2f}%")
    median = figure(classic, "median_value")
    if f"{round(median):,}" not in claim and f"{median:,.0f}" not in claim:
        problems.append(f"text does not carry the measured median {median:,.1f}: {claim}")

    inproc = outputs(nb, "inprocess-run", "text/plain")[-1]
    inclaim = outputs(nb, "inprocess-claim", "text/markdown")[-1]
    p = percents(inclaim)
    share_in = figure(inproc, "share_exact")
    if not p or abs(p[0] - share_in * 100) > 0.1:
        problems.append(f"in-process text says {p[:1]}%; the data says {share_in * 100:.2f}%")
    if ("far fewer losses" in inclaim) != (share_in > exact):
        problems.append("in-process comparison sentence contradicts the data")

    for p in problems:
        print("FAIL:", p)
    print(f"race-honesty: share exactly 20,000 = {exact:.3f} over {runs:.0f} runs; "
          f"{len(problems)} disagreement(s) between text and data")
    print("1 passed, 0 failed" if not problems else "0 passed, 1 failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
