"""stability_identical_share: the share of notebook 02's data-chosen sentences (numbers masked) that stayed the same
across repeated runs — from the last `./course test` (tools/stability.py writes build/stability/stability.json), or
measured here with three runs when there is none and this is not a smoke run."""
import json
import subprocess
import sys


def figures(ctx):
    root = ctx["root"]
    path = root / "build" / "stability" / "stability.json"
    if not path.is_file() and not ctx["smoke"]:
        subprocess.run([sys.executable, str(root / "tools" / "stability.py"), "--runs", "3", "--skip-pinned",
                        "--skip-hogs", "--fresh"], check=False)
    if not path.is_file():
        print("# no stability run yet: ./course test (or python tools/stability.py) measures it", flush=True)
        return []
    data = json.loads(path.read_text())
    return [("stability_identical_share", round(data["stability_identical_share"], 3),
             f"of notebook 02's data-chosen cells said the same in {data['runs']} runs")]
