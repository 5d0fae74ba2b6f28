"""The course's exercises as nbgrader assignments: release, collect, autograde and feedback with nbgrader.

`./course grade` writes an nbgrader course folder, build/nbgrader/ (nbgrader_config.py, source/, release/):
one assignment per notebook with exercises (`nb02`, `nb03`, ...). What it adds to the course notebooks is what
nbgrader needs and the course's own markers do not carry:
  - nbgrader cell metadata: a cell tagged `solution` becomes an autograded-answer cell ("solution": true), a check
    cell (its first line calls `Checks.` or `Exercise.check(`) a locked, graded test cell worth 1 point;
  - `ClearSolutions.code_stub` for Java: `throw Exercise.notYet("this exercise");` (nbgrader's default stub is
    Python's `raise NotImplementedError`, which does not compile); the `// BEGIN SOLUTION` / `// END SOLUTION`
    lines are found by nbgrader itself (its markers are language-independent);
  - autograde runs the notebooks with RACELAB_GRADING=1: a check that does not PASS then throws
    (Exercise.GradedCheckFailed), so its cell fails and gets no points. Without it, nbgrader gave full credit to a
    check cell that printed NOT YET.

  ./course grade                  generate the course folder and the student version (release/) of every assignment
  ./course grade --check [NN]     also the test: autograde two submissions of one assignment (default 05, the
                                  shortest notebook with an exercise): the released student version unchanged must
                                  score 0, the instructor version full marks.

Then, on a JupyterHub with nbgrader's exchange, the usual `nbgrader release_assignment`, `collect`, `autograde`,
`generate_feedback` work in build/nbgrader/. `./course student` (tools/student.py) still writes the student
version with named stubs (`throw Exercise.notYet("SafeCounter.add")`) for hand-outs without nbgrader.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
COURSE = ROOT / "build" / "nbgrader"
VENV_BIN = pathlib.Path(sys.executable).parent
STUB = 'throw Exercise.notYet("this exercise");'

CONFIG = f'''# nbgrader configuration for the racelab course (written by tools/grading.py)
c = get_config()
c.CourseDirectory.root = {str(COURSE)!r}
c.CourseDirectory.course_id = "racelab"
c.ClearSolutions.code_stub = {{"java": {STUB!r}}}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearSolutions.enforce_metadata = True
c.ClearOutput.enabled = True
c.Execute.timeout = 300
c.Execute.kernel_name = "racelab"
c.Exchange.root = {str(COURSE / "exchange")!r}
'''


def is_check(cell):
    first = cell.source.lstrip().split("\n", 1)[0]
    return cell.cell_type == "code" and (first.startswith("Checks.") or first.startswith("Exercise.check("))


def with_metadata(nb):
    """nb with nbgrader cell metadata; the number of (solution, check) cells."""
    sol = chk = 0
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and "solution" in tags:
            cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "task": False,
                                         "grade_id": f"solution-{cell.id}", "schema_version": 3}
            sol += 1
        elif is_check(cell):
            cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "task": False,
                                         "points": 1, "grade_id": f"check-{cell.id}", "schema_version": 3}
            chk += 1
    return nb, sol, chk


def nbgrader(*args, env=None):
    # nbgrader runs `alembic` (its database migrations) from PATH: the environment's own bin first
    env = dict(env or os.environ)
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    r = subprocess.run([str(VENV_BIN / "nbgrader"), *args, "--force"], cwd=COURSE, env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"grade: nbgrader {' '.join(args)} failed:\n" + (r.stdout + r.stderr)[-3000:])
    return r


def generate(only=None):
    if COURSE.exists():
        for sub in ("source", "release", "autograded", "submitted", "feedback", "gradebook.db"):
            p = COURSE / sub
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    (COURSE / "source").mkdir(parents=True, exist_ok=True)
    (COURSE / "nbgrader_config.py").write_text(CONFIG)
    made = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        if only and not path.name.startswith(only):
            continue
        nb, sol, chk = with_metadata(nbformat.read(path, as_version=4))
        if not sol:
            continue
        assignment = "nb" + path.name[:2]
        (COURSE / "source" / assignment).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, COURSE / "source" / assignment / path.name)
        nbgrader("generate_assignment", assignment)
        released = nbformat.read(COURSE / "release" / assignment / path.name, as_version=4)
        left = [c.id for c in released.cells if "BEGIN SOLUTION" in c.source]
        if left:
            raise SystemExit(f"grade: {assignment}: solution markers left in cells {left}")
        made.append((assignment, path.name, sol, chk))
        print(f"{assignment}: {path.name}: {sol} solution cell(s), {chk} graded check(s) -> release/{assignment}/")
    return made


def score(assignment, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{COURSE / 'gradebook.db'}") as gb:
        s = gb.find_submission(assignment, student)
        return s.score, s.max_score


def check(nn):
    made = generate(nn)
    if not made:
        raise SystemExit(f"grade: no notebook {nn} with exercises")
    assignment, name, _, chk = made[0]
    env = dict(os.environ, RACELAB_GRADING="1")
    passes, failures = [], []

    def verdict(ok, what):
        print(("ok: " if ok else "FAIL: ") + what, flush=True)
        (passes if ok else failures).append(what)

    released = nbformat.read(COURSE / "release" / assignment / name, as_version=4)
    stubs = sum(c.source.count(STUB) for c in released.cells)
    verdict(stubs >= 1, f"{assignment}: the released version has {stubs} Java stub(s) and no solution")
    for student, src in (("unchanged", COURSE / "release" / assignment / name),
                         ("solved", COURSE / "source" / assignment / name)):
        d = COURSE / "submitted" / student / assignment
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, d / name)
        nbgrader("autograde", assignment, "--student", student, env=env)
        got, top = score(assignment, student)
        want = 0 if student == "unchanged" else top
        verdict(top == chk and got == want, f"{assignment}: autograde of the {student} version: {got:g} of {top:g} "
                                            f"points (want {want:g} of {chk})")
    nbgrader("generate_feedback", assignment, "--student", "unchanged")
    fb = list((COURSE / "feedback" / "unchanged" / assignment).glob("*.html"))
    verdict(bool(fb), f"{assignment}: feedback for the unchanged version written ({', '.join(f.name for f in fb)})")
    print(f"grading: {len(passes)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(prog="./course grade", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", nargs="?", const="05", metavar="NN", help="autograde test on notebook NN (default 05)")
    a = ap.parse_args()
    if a.check:
        return check(a.check)
    generate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
