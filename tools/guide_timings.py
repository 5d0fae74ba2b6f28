"""Writes the timing table of docs/instructor-guide.md from build/notebook-timings.json (written by `./course test`
and `./course run ... --timings`): order, cells, wall time and slowest cell of every notebook, stamped with the date
and the machine. Replaces the lines between `<!-- timings:begin -->` and `<!-- timings:end -->`.

  .venv/bin/python tools/guide_timings.py            rewrite the table in the guide
  .venv/bin/python tools/guide_timings.py --print    print it only
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructor-guide.md"
TIMINGS = ROOT / "build" / "notebook-timings.json"
BLOCK = re.compile(r"(<!-- timings:begin -->\n).*?(<!-- timings:end -->)", re.S)


def jdk():
    spec = ROOT / ".venv" / "share" / "jupyter" / "kernels" / "racelab" / "kernel.json"
    try:
        java = pathlib.Path(json.loads(spec.read_text())["metadata"]["racelab"]["jdk"]) / "bin" / "java"
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
        return out.splitlines()[0].replace('"', "")
    except (OSError, KeyError, IndexError, ValueError, subprocess.SubprocessError):
        return "JDK unknown"


def table():
    data = json.loads(TIMINGS.read_text())
    stamp = datetime.datetime.fromtimestamp(TIMINGS.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"Measured {stamp} by `./course test` (quick profile) on {os.cpu_count()} cores, "
             f"{platform.system()} {platform.release()}, {jdk()}; load average at writing {load:.1f}.", "",
             "| # | notebook | code cells | run time (s) | slowest cell (s) | status |",
             "| --- | --- | ---: | ---: | ---: | --- |"]
    total = 0.0
    for stem in sorted(data):
        t = data[stem]
        cells = [c for c in t["cells_s"] if c is not None]
        total += t["wall_s"]
        lines.append(f"| {stem[:2]} | [{stem}](../notebooks/{stem}.ipynb) | {len(t['cells_s'])} | {t['wall_s']:.0f} | "
                     f"{max(cells):.1f} | {t['status']} |" if cells else f"| {stem[:2]} | {stem} | 0 | {t['wall_s']:.0f} | | {t['status']} |")
    lines.append(f"| | **all** | | **{total:.0f}** | | |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--print", action="store_true")
    a = ap.parse_args()
    if not TIMINGS.is_file():
        print(f"guide: {TIMINGS.relative_to(ROOT)} is missing: run ./course test first", file=sys.stderr)
        return 2
    t = table()
    if a.print:
        print(t, end="")
        return 0
    text = GUIDE.read_text()
    if not BLOCK.search(text):
        print(f"guide: no timings block in {GUIDE.relative_to(ROOT)}", file=sys.stderr)
        return 2
    GUIDE.write_text(BLOCK.sub(lambda m: m.group(1) + t + m.group(2), text))
    print(f"guide: timing table written to {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
