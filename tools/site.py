"""A static HTML site of the executed course (instructor version) in build/site/: by default a Jupyter Book
(1.0.4.post1, Sphinx-based: navigation, a table of contents, search, pages that read well on a phone), with every
chart inlined in its page and no network needed to read it; `--plain` writes the earlier hand-made pages instead
(index.html and one page per notebook with previous / next links).

The pages come from the executed copies in build/notebooks/ (`./course test` or `./course run` writes them); a
notebook whose executed copy is missing or older than its source is executed first, unless --no-run.
"""
import argparse
import datetime
import html
import json
import pathlib
import platform
import re
import subprocess
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LINK = re.compile(r'href="(\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"')
# the lab template loads require.js and MathJax from a CDN; the course needs neither, and the pages must not
# depend on the network
REMOTE_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*')
STYLE = """
<style>
.racelab-nav{font-family:system-ui,sans-serif;display:flex;justify-content:space-between;gap:1em;
  padding:.6em 1.2em;margin:0 auto;max-width:1100px;border-bottom:1px solid #ddd;background:#fafafa}
.racelab-nav a{text-decoration:none}
.racelab-nav.bottom{border-top:1px solid #ddd;border-bottom:none;margin-top:2em}
</style>
"""


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def question_of(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"\*\*The question:\*\*\s*(.+?)(?:\n\n|$)", cell.source, re.S)
            if m:
                return " ".join(m.group(1).split())
    return ""


def inline_md(text):
    """The little Markdown a question uses: `code`, **bold**, *emphasis*; everything else escaped."""
    t = html.escape(text)
    t = re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
    t = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", t)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", t)


def nav(prev, nxt, where):
    left = f'<a href="{prev[0]}.html">← {html.escape(prev[1])}</a>' if prev else "<span></span>"
    right = f'<a href="{nxt[0]}.html">{html.escape(nxt[1])} →</a>' if nxt else "<span></span>"
    return (f'<nav class="racelab-nav {where}">{left}<a href="index.html">Contents</a>{right}</nav>')


def stale(src, executed):
    return not executed.is_file() or executed.stat().st_mtime < src.stat().st_mtime


def build(executed_dir, out, run_missing):
    from nbconvert import HTMLExporter
    sources = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    todo = [s for s in sources if stale(s, executed_dir / s.name)]
    if todo and run_missing:
        print(f"site: executing {', '.join(s.stem for s in todo)} (no up-to-date executed copy)", flush=True)
        subprocess.run([sys.executable, str(ROOT / "tools" / "nbrun.py"), *map(str, todo), "--out", str(executed_dir)])
    missing = [s.stem for s in sources if not (executed_dir / s.name).is_file()]
    if missing:
        raise SystemExit(f"course site: no executed copy of {', '.join(missing)} in {executed_dir}; "
                         "run ./course run first (or drop --no-run)")
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for s in sources:
        nb = nbformat.read(executed_dir / s.name, as_version=4)
        pages.append((s.stem, title_of(nb, s.stem), question_of(nb), nb))
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    for i, (stem, title, _, nb) in enumerate(pages):
        body, _ = exporter.from_notebook_node(nb)
        body = REMOTE_SCRIPT.sub("", body)
        body = LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
        prev = pages[i - 1][:2] if i > 0 else None
        nxt = pages[i + 1][:2] if i + 1 < len(pages) else None
        body = body.replace("</head>", STYLE + "</head>", 1)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav(prev, nxt, "top"), body, count=1)
        body = body.replace("</body>", nav(prev, nxt, "bottom") + "</body>", 1)
        (out / f"{stem}.html").write_text(body, encoding="utf-8")
    timings = {}
    tpath = ROOT / "build" / "notebook-timings.json"
    if tpath.is_file():
        timings = json.loads(tpath.read_text())
    rows = []
    for stem, title, question, nb in pages:
        t = timings.get(stem, {})
        wall = f"{t['wall_s']:.0f} s" if t.get("wall_s") is not None else ""
        rows.append(f'<tr><td><a href="{stem}.html">{html.escape(title)}</a></td>'
                    f"<td>{inline_md(question)}</td><td style=\"text-align:right\">{wall}</td></tr>")
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>racelab: concurrency in Java, measured</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.5}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.5em;vertical-align:top;text-align:left}}
.meta{{color:#666;font-size:smaller}}</style></head>
<body><h1>racelab: concurrency in Java, measured</h1>
<p>Every page below is a notebook of the course, executed: the numbers and charts were measured by real threads
on the machine that built this site. Open the notebooks in JupyterLab (<code>./course lab</code>) to run them on yours.</p>
<table><thead><tr><th>Notebook</th><th>The question</th><th>Run time</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table>
<p class="meta">Built {stamp} on {html.escape(platform.node())} ({html.escape(platform.system())} {html.escape(platform.machine())}); run times from the last notebook run.</p>
</body></html>
"""
    (out / "index.html").write_text(index, encoding="utf-8")
    print(f"site: {len(pages)} pages and index.html in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


BOOK_CONFIG = """# written by tools/site.py
title: "racelab: concurrency in Java, measured"
author: racelab
only_build_toc_files: true
execute:
  execute_notebooks: "off"
html:
  use_repository_button: false
  use_issues_button: false
  use_edit_page_button: false
  use_multitoc_numbering: false
  home_page_in_navbar: true
launch_buttons:
  notebook_interface: jupyterlab
  binderhub_url: ""
  thebe: false
sphinx:
  config:
    html_show_sourcelink: false
    nb_mime_priority_overrides: [["html", "text/html", 0], ["html", "image/png", 10], ["html", "text/markdown", 20], ["html", "text/plain", 30]]
    suppress_warnings: ["mystnb.unknown_mime_type", "myst.header", "misc.highlighting_failure"]
"""
REMOTE_TAG = re.compile(r'<(script|link)[^>]*\s(?:src|href)="(?:https?:)?//[^"]*"[^>]*>(?:\s*</script>)?\s*')


def build_book(executed_dir, out, run_missing):
    """The Jupyter Book site: a book source under build/book/ (config, table of contents, an intro page and the
    executed notebooks, not executed again), built offline by `jupyter-book build`, copied to `out`."""
    import shutil
    sources = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    todo = [s for s in sources if stale(s, executed_dir / s.name)]
    if todo and run_missing:
        print(f"site: executing {', '.join(s.stem for s in todo)} (no up-to-date executed copy)", flush=True)
        subprocess.run([sys.executable, str(ROOT / "tools" / "nbrun.py"), *map(str, todo), "--out", str(executed_dir)])
    missing = [s.stem for s in sources if not (executed_dir / s.name).is_file()]
    if missing:
        raise SystemExit(f"course site: no executed copy of {', '.join(missing)} in {executed_dir}; "
                         "run ./course run first (or drop --no-run)")
    src = ROOT / "build" / "book"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    timings = {}
    tpath = ROOT / "build" / "notebook-timings.json"
    if tpath.is_file():
        timings = json.loads(tpath.read_text())
    rows = []
    for s in sources:
        nb = nbformat.read(executed_dir / s.name, as_version=4)
        shutil.copy2(executed_dir / s.name, src / s.name)
        wall = timings.get(s.stem, {}).get("wall_s")
        rows.append(f"| [{title_of(nb, s.stem)}]({s.name}) | {question_of(nb)} | {'' if wall is None else f'{wall:.0f} s'} |")
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    (src / "intro.md").write_text(
        "# racelab: concurrency in Java, measured\n\n"
        "Every page of this book is a notebook of the course, executed: the numbers and charts were measured by real "
        "threads on the machine that built it. Open the notebooks in JupyterLab (`./course lab`) to run them on yours.\n\n"
        "| Notebook | The question | Run time |\n| --- | --- | ---: |\n" + "\n".join(rows) + "\n\n"
        f"Built {stamp} on {platform.node()} ({platform.system()} {platform.machine()}); run times from the last notebook run.\n",
        encoding="utf-8")
    (src / "_config.yml").write_text(BOOK_CONFIG)
    (src / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                  + "".join(f"- file: {s.stem}\n" for s in sources))
    work = ROOT / "build" / "book-build"
    shutil.rmtree(work, ignore_errors=True)
    jb = pathlib.Path(sys.executable).parent / "jupyter-book"
    r = subprocess.run([str(jb), "build", str(src), "--path-output", str(work), "--builder", "html"],
                       capture_output=True, text=True)
    (ROOT / "build" / "book-build.log").write_text(r.stdout + r.stderr)
    html_dir = work / "_build" / "html"
    if r.returncode != 0 or not (html_dir / "index.html").is_file():
        raise SystemExit("course site: jupyter-book build failed (build/book-build.log):\n" + (r.stdout + r.stderr)[-2000:])
    # nothing may come from the network: drop remote scripts and styles (none is needed to read the pages);
    # every chart inlined: Sphinx writes PNG outputs to _images/, they go into their page as data URIs
    import base64
    dropped = inlined = 0
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new, n = REMOTE_TAG.subn("", text)

        def inline(m):
            nonlocal inlined
            f = html_dir / m.group(1)
            if not f.is_file():
                return m.group(0)
            inlined += 1
            return 'src="data:image/png;base64,' + base64.b64encode(f.read_bytes()).decode() + '"'
        new = re.sub(r'src="(_images/[^"]+\.png)"', inline, new)
        if new != text:
            page.write_text(new, encoding="utf-8")
            dropped += n
    if not any('src="_images/' in p.read_text(encoding="utf-8") for p in html_dir.rglob("*.html")):
        shutil.rmtree(html_dir / "_images", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(html_dir, out)
    print(f"site: Jupyter Book of {len(sources)} notebooks in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}"
          f" (open index.html; {inlined} chart(s) inlined, {dropped} remote script/style tag(s) removed)")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--executed", type=pathlib.Path, default=ROOT / "build" / "notebooks")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "site")
    ap.add_argument("--no-run", action="store_true", help="only use executed copies that exist")
    ap.add_argument("--plain", action="store_true", help="the hand-made pages instead of the Jupyter Book")
    a = ap.parse_args()
    if a.plain:
        return build(a.executed.resolve(), a.out.resolve(), not a.no_run)
    return build_book(a.executed.resolve(), a.out.resolve(), not a.no_run)


if __name__ == "__main__":
    sys.exit(main())
