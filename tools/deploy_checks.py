"""Checks of what instructors deploy, as far as this machine allows (no Kubernetes, no GitHub here):

docs/jupyterhub/values.yaml (Zero to JupyterHub): parses as YAML; every key is one of the chart's documented
  keys (listed below: the chart's published schema ships in the Helm chart, not in any Python or npm package, so
  it cannot be had offline here); the image is the one the Dockerfile builds (`docker build -t racelab`), under a
  fixed tag; the per-kernel heap cap times three open notebooks fits in the memory limit; the copy command reads
  the folder the Dockerfile fills; the CPU guarantee is 2 (the race needs two cores).
.github/workflows/course.yml: valid against the GitHub workflow schema that check-jsonschema ships (offline);
  sets up a JDK >= 21, runs `./course test`, uploads executed notebooks and screenshots.
Last line `deploy-checks: N passed, M failed`; exit 1 on a failure.
"""
import pathlib
import re
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
VALUES = ROOT / "docs" / "jupyterhub" / "values.yaml"
WORKFLOW = ROOT / ".github" / "workflows" / "course.yml"

# keys of the jupyterhub chart's configuration that the values file may use; a trailing "*" allows any key below
KNOWN = {
    "hub.config.*", "hub.extraEnv.*", "hub.resources.*",
    "singleuser.image.name", "singleuser.image.tag", "singleuser.image.pullPolicy", "singleuser.defaultUrl",
    "singleuser.cpu.guarantee", "singleuser.cpu.limit", "singleuser.memory.guarantee", "singleuser.memory.limit",
    "singleuser.extraEnv.*", "singleuser.storage.capacity", "singleuser.storage.type",
    "singleuser.lifecycleHooks.*", "singleuser.startTimeout", "singleuser.uid", "singleuser.fsGid",
    "scheduling.userScheduler.enabled", "scheduling.podPriority.enabled", "scheduling.userPlaceholder.enabled",
    "scheduling.userPlaceholder.replicas", "prePuller.hook.enabled", "prePuller.continuous.enabled",
    "cull.enabled", "cull.timeout", "cull.every", "cull.users", "cull.maxAge",
    "proxy.https.*", "proxy.service.*", "ingress.*",
}


def leaves(d, prefix=""):
    for k, v in d.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            yield from leaves(v, path + ".")
        else:
            yield path


def allowed(path):
    return path in KNOWN or any(k.endswith(".*") and path.startswith(k[:-1]) for k in KNOWN)


def size_bytes(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?)?", str(s).strip())
    if not m:
        return None
    unit = (m.group(2) or "").rstrip("i")
    return float(m.group(1)) * 1024 ** " KMGT".index(unit or " ")


def main():
    passes, failures = [], []

    def check(ok, what):
        print(("ok: " if ok else "FAIL: ") + what, flush=True)
        (passes if ok else failures).append(what)

    # --- Zero to JupyterHub values ---------------------------------------------------------------------------
    try:
        v = yaml.safe_load(VALUES.read_text())
        check(isinstance(v, dict), f"{VALUES.relative_to(ROOT)} parses as YAML")
    except yaml.YAMLError as e:
        check(False, f"{VALUES.relative_to(ROOT)} parses as YAML: {e}")
        v = {}
    unknown = [p for p in leaves(v) if not allowed(p)]
    check(not unknown, f"every key is a known chart key ({len(list(leaves(v)))} keys){'; unknown: ' + ', '.join(unknown) if unknown else ''}")
    print("note: the chart's own schema (values.schema.json) ships in the Helm chart only, in no PyPI or npm "
          "package: keys are checked against the list in tools/deploy_checks.py")
    su = v.get("singleuser", {})
    dockerfile = (ROOT / "Dockerfile").read_text()
    m = re.search(r"docker build -t (\S+) \.", dockerfile)
    built = m.group(1) if m else None
    name = su.get("image", {}).get("name", "")
    check(built is not None and name.rsplit("/", 1)[-1] == built,
          f"the image ({name}) is the one the Dockerfile builds ({built})")
    tag = str(su.get("image", {}).get("tag", ""))
    check(tag not in ("", "latest"), f"the image has a fixed tag ({tag!r})")
    opts = str(su.get("extraEnv", {}).get("JJAVA_JVM_OPTS", ""))
    heap = re.search(r"-Xmx(\d+[kmgKMG])", opts)
    limit = size_bytes(su.get("memory", {}).get("limit", ""))
    heap_b = size_bytes(heap.group(1).upper()) if heap else None
    check(heap_b is not None and limit is not None and 3 * heap_b <= limit,
          f"the kernel heap cap ({opts}) x 3 open notebooks fits in the memory limit ({su.get('memory', {}).get('limit')})")
    cmd = " ".join(su.get("lifecycleHooks", {}).get("postStart", {}).get("exec", {}).get("command", []))
    src = re.search(r"(/opt/racelab/\S+?)/?\.?\s", cmd + " ")
    check(src is not None and f"COPY notebooks {src.group(1)}" in dockerfile and "cp -rn" in cmd,
          f"postStart copies the image's notebooks ({src.group(1) if src else None}) without overwriting (cp -rn)")
    check(str(su.get("cpu", {}).get("guarantee")) == "2", "a guarantee of 2 CPUs (the race needs two cores)")
    check(bool(v.get("cull", {}).get("enabled")) and bool(v.get("scheduling", {}).get("userPlaceholder", {}).get("enabled")),
          "culling and user placeholders are on")

    # --- the CI workflow for forks -----------------------------------------------------------------------------
    cj = pathlib.Path(sys.executable).parent / "check-jsonschema"
    r = subprocess.run([str(cj), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"{WORKFLOW.relative_to(ROOT)} is valid against check-jsonschema's GitHub workflow schema"
          + ("" if r.returncode == 0 else ": " + (r.stdout + r.stderr).strip()[-400:]))
    w = yaml.safe_load(WORKFLOW.read_text())
    steps = [s for job in w.get("jobs", {}).values() for s in job.get("steps", [])]
    java = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-java")]
    jv = str(java[0].get("with", {}).get("java-version", "")) if java else ""
    check(bool(java) and jv.isdigit() and int(jv) >= 21, f"a JDK >= 21 is set up (java-version {jv!r})")
    runs = [str(s.get("run", "")) for s in steps]
    check(any(re.search(r"(^|\s)\./course test(\s|$)", x) for x in runs), "it runs ./course test (the README's command)")
    up = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    paths = str(up[0].get("with", {}).get("path", "")) if up else ""
    check("build/notebooks" in paths and "build/screenshots" in paths and up and up[0].get("if") == "always()",
          "executed notebooks and screenshots are uploaded, also when a test failed")

    print(f"deploy-checks: {len(passes)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
