"""Executes the course notebooks headlessly with the course kernel (nbclient).

One line per notebook (name, cells, wall time, status), then `notebooks: N passed, M failed`. A failure shows
the failing cell's source and error. Executed copies (and HTML with images inlined, with --html) go to
build/notebooks/. Exit code 1 when any notebook failed.
"""
import argparse
import json
import pathlib
import signal
import sys
import time
from datetime import datetime

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


class NotebookTimeout(Exception):
    pass


def resolve(names):
    all_nbs = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not names:
        return all_nbs
    picked = []
    for n in names:
        p = pathlib.Path(n)
        if p.is_file():
            picked.append(p.resolve())
            continue
        hits = [nb for nb in all_nbs if nb.name.startswith(n) or nb.stem == n]
        if len(hits) != 1:
            allowed = ", ".join(nb.stem for nb in all_nbs)
            print(f"course run: no single notebook matches '{n}'; notebooks: {allowed}", file=sys.stderr)
            raise SystemExit(2)
        picked.append(hits[0])
    return picked


def cell_seconds(cell):
    ex = cell.get("metadata", {}).get("execution", {})
    a, b = ex.get("iopub.execute_input"), ex.get("shell.execute_reply")
    if not a or not b:
        return None
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (parse(b) - parse(a)).total_seconds()


def failing_cell(nb):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, cell
    return None, None


def run_one(path, out_dir, html, cell_timeout, nb_timeout):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="racelab", timeout=cell_timeout, record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})

    def on_alarm(signum, frame):
        raise NotebookTimeout(f"notebook exceeded its budget of {nb_timeout} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(nb_timeout)
    t0 = time.monotonic()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = str(e)
    except (CellTimeoutError, DeadKernelError, NotebookTimeout, RuntimeError) as e:
        error = f"{type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    wall = time.monotonic() - t0

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    nbformat.write(nb, executed)
    if html:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
        (out_dir / (path.stem + ".html")).write_text(body, encoding="utf-8")

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    timings = [cell_seconds(c) for c in code_cells]
    return nb, error, wall, code_cells, timings


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("notebooks", nargs="*", help="paths or name prefixes (e.g. 01); default: all")
    ap.add_argument("--html", action="store_true", help="also write self-contained HTML")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "notebooks")
    ap.add_argument("--cell-timeout", type=int, default=180)
    ap.add_argument("--notebook-timeout", type=int, default=900)
    ap.add_argument("--timings", type=pathlib.Path, help="write per-cell timings as JSON")
    a = ap.parse_args()

    passed = failed = 0
    all_timings = {}
    for path in resolve(a.notebooks):
        nb, error, wall, code_cells, timings = run_one(path, a.out, a.html, a.cell_timeout, a.notebook_timeout)
        status = "ok" if error is None else "FAILED"
        print(f"{path.stem:<34} {len(code_cells):>3} cells {wall:7.1f}s  {status}", flush=True)
        all_timings[path.stem] = {"wall_s": round(wall, 3), "status": status,
                                  "cells_s": [None if t is None else round(t, 3) for t in timings]}
        if error is None:
            passed += 1
            continue
        failed += 1
        i, cell = failing_cell(nb)
        if cell is not None:
            print(f"    failing cell #{i}:")
            for line in cell.source.splitlines():
                print(f"    | {line}")
            for out in cell.outputs:
                if out.get("output_type") == "error":
                    print(f"    {out.get('ename')}: {out.get('evalue')}")
                    for line in out.get("traceback", [])[-8:]:
                        print(f"    ! {line}")
        else:
            print("    " + error.strip().replace("\n", "\n    ")[-3000:])
        print(f"    executed copy: {a.out / path.name}")
    if a.timings:
        a.timings.parent.mkdir(parents=True, exist_ok=True)
        a.timings.write_text(json.dumps(all_timings, indent=2))
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
