"""Notebook hygiene: stored without outputs or execution counts, on the course kernel, numbered, and linked
to the previous and next notebook; and every figure name a notebook reads (`result.value("…")`, `interval("…")`,
`hasInterval("…")`), and every one the check scripts in tools/ read, is written out as a literal in the library,
so a search for it finds the code that makes it (names built by concatenation cannot be found). Prints one line per problem; exit 1 if there is any."""
import pathlib
import re
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAME = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")


def check(path, prev_nb, next_nb):
    problems = []
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # unreadable or invalid: nothing else to check
        return [f"not a valid notebook: {e}"]
    if not NAME.match(path.name):
        problems.append("name must look like NN-topic.ipynb")
    ks = nb.metadata.get("kernelspec", {})
    if ks.get("name") != "racelab":
        problems.append(f"kernelspec is '{ks.get('name')}', must be 'racelab'")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell #{i} has outputs (store notebooks clean)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell #{i} has an execution count")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for other, word in ((prev_nb, "previous"), (next_nb, "next")):
        if other is not None and f"({other.name})" not in text:
            problems.append(f"no link to the {word} notebook {other.name}")
    return problems


READ = re.compile(r"\.(?:value|interval|hasInterval)\(\s*\"([^\"]+)\"")
# a check script reading an executed notebook's result/explanation JSON: e["summary"]["runs"], e["intervals"]["x"]
READ_JSON = re.compile(r"\[\s*\"(?:summary|intervals)\"\s*\]\s*\[\s*\"([^\"]+)\"\s*\]")
LITERAL = re.compile(r"\"([A-Za-z0-9_]+)\"")


def library_literals():
    return {m for f in (ROOT / "lib" / "src" / "main" / "java").rglob("*.java") for m in LITERAL.findall(f.read_text())}


def unspelled(names, literals):
    """The names, in order and once each, that appear nowhere in the library as a literal."""
    missing = []
    for n in names:
        if n not in literals and n not in missing:
            missing.append(n)
    return [f"reads figure '{n}', which no library source spells out (built by concatenation?)" for n in missing]


def figure_names(path, literals):
    """Figure names the notebook reads that appear nowhere in the library as a literal."""
    nb = nbformat.read(path, as_version=4)
    return unspelled([n for c in nb.cells if c.cell_type == "code" for n in READ.findall(c.source)], literals)


def script_figure_names(literals):
    """The same for the check scripts under tools/: Java they send to a kernel (`.value("…")`) and the result
    JSON they read (`["summary"]["…"]`, `["intervals"]["…"]`). One (script, problem) pair per problem."""
    out = []
    for f in sorted((ROOT / "tools").rglob("*.py")):
        if f.name == "hygiene.py":
            continue
        text = f.read_text()
        out += [(f.relative_to(ROOT), p) for p in unspelled(READ.findall(text) + READ_JSON.findall(text), literals)]
    return out


def adjacent(a, b):
    """True when b's number follows a's: a branch that has 02 and 08 but not 03-07 yet needs no 02 -> 08 link."""
    try:
        return int(b.name[:2]) == int(a.name[:2]) + 1
    except ValueError:
        return True


def main():
    nbs = sorted((ROOT / "notebooks").glob("*.ipynb"))
    bad = 0
    literals = library_literals()
    for i, path in enumerate(nbs):
        prev_nb = nbs[i - 1] if i > 0 and adjacent(nbs[i - 1], path) else None
        next_nb = nbs[i + 1] if i + 1 < len(nbs) and adjacent(path, nbs[i + 1]) else None
        for p in check(path, prev_nb, next_nb) + figure_names(path, literals):
            print(f"{path.name}: {p}")
            bad += 1
    for script, p in script_figure_names(literals):
        print(f"{script}: {p}")
        bad += 1
    print(f"hygiene: {len(nbs)} notebooks and the tools' check scripts, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
