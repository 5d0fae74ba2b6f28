"""The JCStress suite's wall time from the last `./course test` (tests/steps/jcstress.sh writes it): the suite is too
long to run again here."""
import json


def figures(ctx):
    path = ctx["root"] / "build" / "jcstress-suite.json"
    if not path.is_file():
        print("# no JCStress suite run yet: run ./course test", flush=True)
        return []
    data = json.loads(path.read_text())
    return [("jcstress_suite_s", round(float(data["wall_s"]), 1), "s (last ./course test, quick mode, one configuration)"),
            ("jcstress_suite_passed", 1 if data["exit"] == 0 else 0, "")]
