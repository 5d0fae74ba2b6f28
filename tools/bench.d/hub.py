"""Figures of a class on one machine (`./course hub`), from the last hub load test (tools/hub_load.py writes
build/hub-load.json during ./course test): learners served, spawn time p50/p95, notebook 02 wall time under N
learners versus alone (alone: the notebooks step of the same ./course test), hub API p95 latency during the run,
peak memory per learner (server + kernels + child JVMs). Not re-measured here: a load test takes minutes."""
import json


def figures(ctx):
    path = ctx["root"] / "build" / "hub-load.json"
    if not path.is_file():
        print("# no hub load test yet: ./course test (or python tools/hub_load.py) measures it", flush=True)
        return []
    d = json.loads(path.read_text())
    n, cores = d["learners"], d["cores"]
    out = [("hub_learners_served", d["learners_served"], f"of {n} simulated learners on {cores} cores "
                                                          f"(notebooks 00 and 02 at once, {d['date']})")]
    if d.get("spawn_p50_s") is not None:
        out.append(("hub_spawn_p50_s", round(d["spawn_p50_s"], 1), f"s to a ready server, {n} starting at once"))
        out.append(("hub_spawn_p95_s", round(d["spawn_p95_s"], 1), "s (nearest rank)"))
    if d.get("nb02_wall_s_median_under_load") is not None:
        out.append(("hub_nb02_wall_under_load_s", round(d["nb02_wall_s_median_under_load"], 1),
                    f"s median of {len(d['nb02_wall_s_under_load'])} learners running it at once"))
    if d.get("nb02_wall_s_alone") is not None:
        out.append(("hub_nb02_wall_alone_s", round(d["nb02_wall_s_alone"], 1), "s alone, same ./course test"))
        if d.get("nb02_wall_s_median_under_load"):
            out.append(("hub_nb02_slowdown", round(d["nb02_wall_s_median_under_load"] / d["nb02_wall_s_alone"], 2),
                        f"x under {n} learners vs alone"))
    if d.get("nb02_under_load_per_fair_share") is not None:
        out.append(("hub_nb02_per_fair_share", d["nb02_under_load_per_fair_share"],
                    f"x its fair share of the cores (alone × {n} learners / {cores} cores = {d['nb02_fair_share_s']} s; "
                    f"the test's budget allows 3x)"))
    if d.get("hub_api_p95_ms") is not None:
        out.append(("hub_api_p95_ms", d["hub_api_p95_ms"], f"ms, GET /hub/api/users every 0.5 s during the run "
                                                           f"({d['hub_api_samples']} samples, {d['hub_api_failed']} failed)"))
    mem = list(d.get("memory_peak_mib_per_learner", {}).values())
    if mem:
        out.append(("hub_memory_per_learner_mib", max(mem), f"MiB peak RSS, the largest learner (server + 2 kernels "
                                                            f"+ child JVMs, heap cap {d['kernel_heap']})"))
    return out
