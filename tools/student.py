"""Student versions of the course notebooks, and the test that both versions behave.

Writes every notebook of notebooks/ to build/student/. In cells tagged `solution`, each region between a
`// BEGIN SOLUTION` line and an `// END SOLUTION` line becomes a stub that throws a friendly "not implemented yet"
(`throw Exercise.notYet("MyCounter.increment");`); the declarations around it stay, so every later cell still
compiles and the notebook runs to the end. Those cells are tagged `exercise` instead, without outputs.

  python tools/student.py                 write build/student/*.ipynb
  python tools/student.py --check         also execute the student version of every notebook with exercises and
                                          check both versions: in the executed instructor copy (build/notebooks/)
                                          every exercise check says PASS; in the student copy every one says
                                          NOT YET and the notebook ran to the end.

A `// BEGIN SOLUTION what` line names the stub itself; otherwise the name comes from the enclosing method and class.
"""
import argparse
import pathlib
import re
import subprocess
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BEGIN = re.compile(r"^(\s*)//\s*BEGIN SOLUTION\b\s*(.*)$")
END = re.compile(r"^\s*//\s*END SOLUTION\b")
METHOD = re.compile(r"([A-Za-z_$][\w$]*)\s*\([^;]*\)\s*(throws [\w.,\s]+)?\{\s*$")
CLASS = re.compile(r"\b(?:class|record|enum)\s+([A-Za-z_$][\w$]*)")
VERDICT = re.compile(r"^\[exercise\] (PASS|FAIL|NOT YET) · (.*?) · (.*)$", re.M)


class StudentError(Exception):
    pass


def stub_name(lines, begin_index, label):
    if label:
        return label
    method = None
    for line in reversed(lines[:begin_index]):
        m = METHOD.search(line)
        if m and m.group(1) not in ("if", "for", "while", "switch", "catch", "synchronized", "try"):
            method = m.group(1)
            break
    cls = CLASS.search("\n".join(lines[:begin_index]))
    if method and cls:
        return f"{cls.group(1)}.{method}"
    return method or (cls.group(1) if cls else "this exercise")


def strip_solutions(source, where):
    """The cell's source with every solution region replaced by a stub; the number of regions."""
    lines = source.split("\n")
    out, regions, i = [], 0, 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if END.match(lines[i]):
            raise StudentError(f"{where}: '// END SOLUTION' without a BEGIN (line {i + 1})")
        if not m:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not END.match(lines[j]):
            if BEGIN.match(lines[j]):
                raise StudentError(f"{where}: nested '// BEGIN SOLUTION' (line {j + 1})")
            j += 1
        if j == len(lines):
            raise StudentError(f"{where}: '// BEGIN SOLUTION' (line {i + 1}) has no '// END SOLUTION'")
        indent, name = m.group(1), stub_name(lines, i, m.group(2).strip())
        out.append(f"{indent}// TODO: your code here")
        out.append(f'{indent}throw Exercise.notYet("{name}");')
        regions += 1
        i = j + 1
    if regions == 0:
        raise StudentError(f"{where}: a cell tagged 'solution' needs a '// BEGIN SOLUTION' ... '// END SOLUTION' region")
    return "\n".join(out), regions


def has_solutions(nb):
    return any("solution" in c.get("metadata", {}).get("tags", []) for c in nb.cells)


def student_version(nb, name):
    regions = 0
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution" not in tags:
            continue
        if cell.cell_type != "code":
            raise StudentError(f"{name} cell #{i}: only code cells can be tagged 'solution'")
        cell.source, n = strip_solutions(cell.source, f"{name} cell #{i}")
        regions += n
        cell.metadata["tags"] = [t for t in tags if t != "solution"] + ["exercise"]
        cell.outputs = []
        cell.execution_count = None
    nb.metadata.setdefault("racelab", {})["version"] = "student"
    return regions


def write_all(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        regions = student_version(nb, path.name) if has_solutions(nb) else 0
        nbformat.write(nb, out_dir / path.name)
        written.append((path, regions))
        if regions:
            print(f"student: {path.name}: {regions} solution(s) replaced by stubs")
    print(f"student: wrote {len(written)} notebooks to {out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}")
    return written


def verdicts(nb):
    """[(status, title, evidence)] from every output of an executed notebook."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain") or out.get("text") or ""
            if isinstance(text, list):
                text = "".join(text)
            found += VERDICT.findall(text)
    return found


def errors(nb):
    return [(i, o.get("ename"), o.get("evalue")) for i, c in enumerate(nb.cells)
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def from_first_change(instructor, student):
    """The student notebook from its first cell whose source differs from the instructor's (and the Markdown cells
    just above it), with the number of code cells left out before it."""
    first = next((i for i, (a, b) in enumerate(zip(instructor.cells, student.cells)) if a.source != b.source),
                 len(student.cells))
    while first > 0 and student.cells[first - 1].cell_type == "markdown":
        first -= 1
    part = nbformat.from_dict(dict(student))
    part.cells = student.cells[first:]
    return part, sum(c.cell_type == "code" for c in student.cells[:first])


def check(out_dir, run_dir, instructor_dir):
    passed = failed = 0

    def verdict(ok, line):
        nonlocal passed, failed
        print(("ok: " if ok else "FAIL: ") + line, flush=True)
        if ok:
            passed += 1
        else:
            failed += 1

    with_ex = [(p, n) for p, n in write_all(out_dir) if n]
    if not with_ex:
        print("student: no notebook has exercises yet")
    for src, regions in with_ex:
        executed = instructor_dir / src.name
        if not executed.is_file() or executed.stat().st_mtime < src.stat().st_mtime:
            print(f"student: running the instructor version of {src.name} first", flush=True)
            subprocess.run([sys.executable, str(ROOT / "tools" / "nbrun.py"), str(src), "--out", str(instructor_dir)])
        inb = nbformat.read(executed, as_version=4)
        iv = verdicts(inb)
        verdict(not errors(inb), f"{src.stem} (instructor): ran to the end" + (f"; errors: {errors(inb)}" if errors(inb) else ""))
        verdict(len(iv) >= 1 and all(s == "PASS" for s, _, _ in iv),
                f"{src.stem} (instructor): {sum(s == 'PASS' for s, _, _ in iv)} of {len(iv)} checks pass"
                + "".join(f"\n    {s} · {t} · {e}" for s, t, e in iv if s != "PASS"))
        # Every cell before the first one the student version changed is the instructor's, byte for byte, and ran
        # just above (or in the notebooks step): the student run executes the rest, from that cell to the end.
        part, skipped = from_first_change(nbformat.read(src, as_version=4), nbformat.read(out_dir / src.name, as_version=4))
        trimmed = run_dir / "src" / src.name
        trimmed.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(part, trimmed)
        print(f"student: {src.stem}: running the student version from its first changed cell ({skipped} identical "
              f"cells before it ran in the instructor version)", flush=True)
        rc = subprocess.run([sys.executable, str(ROOT / "tools" / "nbrun.py"), str(trimmed),
                             "--out", str(run_dir)]).returncode
        snb = nbformat.read(run_dir / src.name, as_version=4)
        sv = verdicts(snb)
        verdict(rc == 0 and not errors(snb), f"{src.stem} (student): ran to the end"
                + (f"; errors: {errors(snb)}" if errors(snb) else ""))
        verdict(len(sv) == len(iv) and all(s == "NOT YET" for s, _, _ in sv),
                f"{src.stem} (student): {sum(s == 'NOT YET' for s, _, _ in sv)} of {len(sv)} checks say NOT YET "
                f"(instructor version: {len(iv)} checks)"
                + "".join(f"\n    {s} · {t} · {e}" for s, t, e in sv if s != "NOT YET"))
    print(f"student: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def self_test():
    """The stub rewriting on small cells, including the mistakes an author can make."""
    src = "class A implements Counter {\n    public void add(int times) {\n        // BEGIN SOLUTION\n        x++;\n" \
          "        // END SOLUTION\n    }\n}"
    out, n = strip_solutions(src, "t")
    assert n == 1 and 'throw Exercise.notYet("A.add");' in out and "x++" not in out, out
    out, _ = strip_solutions("int f() throws Exception {\n  // BEGIN SOLUTION my.label\n  return 1;\n  // END SOLUTION\n}", "t")
    assert 'throw Exercise.notYet("my.label");' in out, out
    for bad, why in (("x();", "needs a"), ("// BEGIN SOLUTION\nx();", "has no"), ("// END SOLUTION", "without a BEGIN"),
                     ("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "nested")):
        try:
            strip_solutions(bad, "t")
        except StudentError as e:
            assert why in str(e), (why, str(e))
        else:
            raise AssertionError(f"no error for {bad!r}")
    print("student: self-test ok")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "student")
    ap.add_argument("--check", action="store_true", help="execute the student versions and check both versions")
    ap.add_argument("--run-dir", type=pathlib.Path, default=ROOT / "build" / "student-run")
    ap.add_argument("--instructor-dir", type=pathlib.Path, default=ROOT / "build" / "notebooks")
    ap.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    try:
        if a.self_test:
            self_test()
            return 0
        if a.check:
            return check(a.out.resolve(), a.run_dir.resolve(), a.instructor_dir.resolve())
        write_all(a.out.resolve())
        return 0
    except StudentError as e:
        print(f"course student: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
