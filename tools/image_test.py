"""The course image, built and tested here without a Docker engine (buildah, vfs storage, chroot isolation).

Builds the Dockerfile (the base debian:trixie-slim is pulled, or, where no registry is reachable, built locally
with debootstrap and imported under the same name — said so in the output), then checks inside the image: the
course kernelspec is listed; notebooks execute headlessly with it (by default 00, 02, 06 and 08: the ones that need
more of the image than the JDK and the kernel — child JVMs and taskset, Python worker processes, other languages'
runtimes; the host's notebook step runs all of them; RACELAB_IMAGE_NOTEBOOKS=all, or a list such as "01 03", chooses); JupyterLab starts as uid 1000 and /api
answers; /lab without a token redirects to login and with the token loads; jupyterhub-singleuser --version works;
the extra CA given as a build secret is in no layer. Writes the figures to build/image-test.json.
Needs root (apt-get, buildah). --cold rebuilds without the layer cache to measure a cold build.
"""
import argparse
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import secrets as pysecrets

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
CACHE = pathlib.Path(os.environ.get("RACELAB_IMAGE_CACHE", "/var/tmp/racelab-image"))
IMAGE = "localhost/racelab:test"
BASE = "docker.io/library/debian:trixie-slim"
MIRROR = os.environ.get("RACELAB_DEBIAN_MIRROR", "http://deb.debian.org/debian")
B = ["buildah", "--storage-driver", "vfs"]
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
failures = []


def log(msg):
    print(msg, flush=True)


def check(ok, what):
    log(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def run(args, timeout=3600, **kw):
    return subprocess.run(args, text=True, capture_output=True, timeout=timeout, **kw)


def ensure_tools():
    missing = [t for t in ("buildah", "debootstrap") if shutil.which(t) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"image-test: {', '.join(missing)} missing and not root to install them "
                         f"(apt-get install buildah debootstrap)")
    log(f"installing {' '.join(missing)} from Debian")
    subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "buildah", "debootstrap"], check=True, capture_output=True)


def ensure_base():
    if run(B + ["images", "-q", BASE]).stdout.strip():
        log(f"base: {BASE} already in local storage")
        return
    pulled = run(B + ["pull", "--quiet", BASE], timeout=120)
    if pulled.returncode == 0:
        log(f"base: pulled {BASE}")
        return
    reason = (pulled.stderr.strip().splitlines() or ["no answer"])[-1][:160]
    log(f"base: {BASE} could not be pulled ({reason}); building the same release locally: "
        f"debootstrap --variant=minbase trixie from {MIRROR}, imported as {BASE}")
    rootfs = CACHE / "rootfs"
    if not (rootfs / "etc" / "debian_version").is_file():
        shutil.rmtree(rootfs, ignore_errors=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["debootstrap", "--variant=minbase", "trixie", str(rootfs), MIRROR], check=True,
                       capture_output=True, timeout=1800)
    ctr = run(B + ["from", "scratch"], check=True).stdout.strip()
    try:
        mnt = run(B + ["mount", ctr], check=True).stdout.strip()
        subprocess.run(["cp", "-a", f"{rootfs}/.", mnt], check=True)
        run(B + ["umount", ctr], check=True)
        run(B + ["config", "--cmd", "/bin/bash", ctr], check=True)
        run(B + ["commit", "-q", ctr, BASE], check=True)
    finally:
        run(B + ["rm", ctr])


def build(cold):
    # vfs storage copies the whole file tree for every layer it keeps: cached intermediate layers cost ~1 GB per
    # Dockerfile step and per build, enough to fill a disk in a few runs. So the default build keeps none
    # (--layers=false) and removes the previous image first; RACELAB_IMAGE_LAYERS=1 keeps a layer cache for fast
    # rebuilds while developing the Dockerfile (prune with `buildah --storage-driver vfs rmi --prune`).
    keep = os.environ.get("RACELAB_IMAGE_LAYERS") == "1" and not cold
    run(B + ["rmi", "-f", IMAGE])
    args = B + ["bud", "--isolation", "chroot", "--pull=never", f"--layers={'true' if keep else 'false'}", "-t", IMAGE,
                "-f", str(ROOT / "Dockerfile")]
    if pathlib.Path(CA_BUNDLE).is_file():
        args += ["--secret", f"id=extra_ca,src={CA_BUNDLE}"]
    t0 = time.monotonic()
    out = run(args + [str(ROOT)], timeout=3600)
    secs = time.monotonic() - t0
    (BUILD / "image-build.log").write_text(out.stdout + out.stderr)
    if out.returncode != 0:
        raise SystemExit("image-test: the image build failed; last lines:\n" + "\n".join((out.stdout + out.stderr).splitlines()[-25:]))
    cached = out.stdout.count("Using cache")
    return secs, cached


def extra_ca_markers():
    """Lines that identify the CAs this machine adds to the system bundle (the proxy's), not Debian's own."""
    markers = []
    for crt in pathlib.Path("/usr/local/share/ca-certificates").glob("**/*.crt"):
        body = [l.strip() for l in crt.read_text(errors="ignore").splitlines() if l.strip() and "-----" not in l]
        if len(body) > 4:
            markers.append((crt.name, body[len(body) // 2]))
    return markers


def layers_and_size(markers):
    oci = CACHE / "oci"
    shutil.rmtree(oci, ignore_errors=True)
    oci.parent.mkdir(parents=True, exist_ok=True)  # a fresh machine has no cache folder yet
    r = run(B + ["push", "--disable-compression", IMAGE, f"oci:{oci}"], timeout=1800)
    if r.returncode != 0:
        raise SystemExit(f"image test: buildah push to {oci} failed ({r.returncode}): {r.stderr.strip()[-400:]}")
    index = json.loads((oci / "index.json").read_text())
    manifest_digest = index["manifests"][0]["digest"].split(":")[1]
    manifest = json.loads((oci / "blobs" / "sha256" / manifest_digest).read_text())
    size = 0
    found = []
    for layer in manifest["layers"]:
        blob = oci / "blobs" / "sha256" / layer["digest"].split(":")[1]
        size += blob.stat().st_size
        with tarfile.open(blob) as tar:
            for m in tar:
                if not m.isfile() or m.size > 50_000_000:
                    continue
                data = tar.extractfile(m).read()
                for name, marker in markers:
                    if marker.encode() in data:
                        found.append(f"{name} in {m.name}")
    layers = len(manifest["layers"])
    shutil.rmtree(oci, ignore_errors=True)
    return size, layers, found


class Container:
    def __init__(self):
        self.name = run(B + ["from", "--pull=never", IMAGE], check=True).stdout.strip()

    def run(self, cmd, timeout=1800, env=None):
        args = B + ["run", "--isolation", "chroot"]
        for k, v in (env or {}).items():
            args += ["--env", f"{k}={v}"]
        return run(args + [self.name, "--"] + cmd, timeout=timeout)

    def popen(self, cmd, log, env=None):
        """Starts cmd in the container; its output goes to the open file `log` (a pipe nobody reads fills up and
        stops a chatty server)."""
        args = B + ["run", "--isolation", "chroot"]
        for k, v in (env or {}).items():
            args += ["--env", f"{k}={v}"]
        return subprocess.Popen(args + [self.name, "--"] + cmd, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)

    def remove(self):
        run(B + ["rm", self.name])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, token=None):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        r = urllib.request.build_opener(NoRedirect).open(req, timeout=5)
        return r.status, r.headers.get("Location", "")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", "")
    except OSError:
        return 0, ""


def server_checks(ctr, figures):
    port, token = free_port(), pysecrets.token_hex(16)
    t0 = time.monotonic()
    log_path = ROOT / "build" / "image-server.log"
    log = open(log_path, "w")
    proc = ctr.popen(["tini", "-g", "--", "racelab-start"], log,
                     env={"RACELAB_IP": "127.0.0.1", "PORT": str(port), "JUPYTER_TOKEN": token})
    try:
        ready = None
        while time.monotonic() - t0 < 90 and proc.poll() is None:
            if http(f"http://127.0.0.1:{port}/api")[0] == 200:
                ready = time.monotonic() - t0
                break
            time.sleep(0.2)
        why = "" if ready is not None else (
            f"; the server exited with {proc.returncode}" if proc.poll() is not None else "; no answer within 90 s")
        check(ready is not None, f"JupyterLab in the image answers /api ({ready and round(ready, 1)} s{why})")
        if ready is None:
            log.flush()
            tail = log_path.read_text(errors="replace").splitlines()[-15:]
            print(f"  the server's last lines ({log_path.relative_to(ROOT)}):", *("  | " + x for x in tail), sep="\n")
            return
        figures["container_ready_s"] = round(ready, 2)
        code, loc = http(f"http://127.0.0.1:{port}/lab")
        check(code in (302, 303) and "login" in loc, f"/lab without a token redirects to login ({code} → {loc})")
        code, _ = http(f"http://127.0.0.1:{port}/lab?token={token}")
        check(code == 200, f"/lab with the token loads ({code})")
        code, _ = http(f"http://127.0.0.1:{port}/api/kernelspecs", token)
        check(code == 200, "the kernelspecs API answers with the token")
        uid = subprocess.run(["bash", "-c", f"ps -o uid= -p $(pgrep -f '[j]upyter-lab.*{port}' | head -1)"],
                             capture_output=True, text=True).stdout.strip()
        check(uid == "1000", f"JupyterLab runs as uid 1000 (uid {uid or '?'})")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
        subprocess.run(["pkill", "-KILL", "-f", f"ServerApp.port={port}"], capture_output=True)
    check(http(f"http://127.0.0.1:{port}/api")[0] == 0, "the server was stopped")


KERNEL_START = r"""
import time
from jupyter_client.manager import start_new_kernel
t0 = time.monotonic()
km, kc = start_new_kernel(kernel_name="racelab", startup_timeout=120)
mid = kc.execute("Machine.current().summary()")
while True:
    m = kc.get_iopub_msg(timeout=120)
    if m["parent_header"].get("msg_id") == mid and m["msg_type"] in ("execute_result", "error"):
        break
print("KERNEL", round(time.monotonic() - t0, 3), m["msg_type"], m["content"].get("data", {}).get("text/plain", ""))
kc.stop_channels(); km.shutdown_kernel(now=True)
"""


PREBUILT = BUILD / "image-prebuilt.json"


def build_phase(cold, figures):
    """Build the image, measure its size and scan its layers for the extra CA: the part that needs no quiet CPU."""
    ensure_tools()
    ensure_base()
    secs, cached = build(cold)
    kind = "warm" if cached > 0 else "cold"  # cold: no cached step (the default, see build())
    figures[f"image_build_{kind}_s"] = round(secs, 1)
    log(f"built {IMAGE} in {secs:.0f} s ({kind}: {cached} cached steps)")
    markers = extra_ca_markers()
    size, layers, found = layers_and_size(markers)
    figures["image_size_mb"] = round(size / 1e6)
    check(not found, f"the extra CA ({len(markers)} certificate(s) of /usr/local/share/ca-certificates) is in none "
                     f"of the {layers} layers" + (f": found {found[:3]}" if found else ""))
    log(f"image size: {size / 1e6:.0f} MB uncompressed in {layers} layers")


def build_only(cold):
    """`./course test` starts this in the background while the unit tests run (the build is mostly downloads and
    disk), and the image step later takes its outcome from build/image-prebuilt.json instead of building again."""
    figures, error = {}, None
    try:
        build_phase(cold, figures)
    except SystemExit as e:
        error = str(e)
    except Exception as e:  # the step reports it; a traceback here would only be lost in a log nobody reads
        error = f"image build: {type(e).__name__}: {e}"
    tmp = PREBUILT.with_suffix(".tmp")
    tmp.write_text(json.dumps({"figures": figures, "failures": failures, "error": error, "pid": os.getpid(),
                               "built_in_background": True}, indent=2))
    tmp.replace(PREBUILT)  # whole or not at all: the step waits for this file
    return 1 if error or failures else 0


def take_prebuilt(pid, figures):
    """Waits for the background build started by `./course test` (process `pid`) and takes over its outcome."""
    t0 = time.monotonic()
    while not PREBUILT.is_file():
        if not pathlib.Path(f"/proc/{pid}").exists():
            raise SystemExit(f"image test: the background build (pid {pid}) ended without a result; see "
                             f"build/test-logs/image-build.log")
        if time.monotonic() - t0 > 3600:
            raise SystemExit("image test: the background build gave no result within an hour")
        time.sleep(1)
    done = json.loads(PREBUILT.read_text())
    PREBUILT.unlink()
    log(f"image built in the background while the unit tests ran (waited {time.monotonic() - t0:.0f} s for it)")
    if done["error"]:
        raise SystemExit(done["error"])
    for f in done["failures"]:
        check(False, f)
    figures.update(done["figures"])
    figures["image_built_in_background"] = True


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cold", action="store_true", help="build without any cached layer (the default unless RACELAB_IMAGE_LAYERS=1)")
    ap.add_argument("--build-only", action="store_true", help="only build and scan the image; write the outcome to "
                    "build/image-prebuilt.json for a later run with RACELAB_IMAGE_BUILD_PID set")
    a = ap.parse_args()
    t_all = time.monotonic()
    BUILD.mkdir(exist_ok=True)
    if a.build_only:
        return build_only(a.cold)
    out_path = BUILD / "image-test.json"
    figures = json.loads(out_path.read_text()) if out_path.is_file() else {}
    figures.pop("image_built_in_background", None)
    pid = os.environ.get("RACELAB_IMAGE_BUILD_PID")
    if pid:
        take_prebuilt(int(pid), figures)
    else:
        PREBUILT.unlink(missing_ok=True)
        build_phase(a.cold, figures)
    ctr = Container()
    try:
        r = ctr.run(["jupyter", "kernelspec", "list"])
        check("racelab" in r.stdout, "the course kernelspec is listed")
        r = ctr.run(["jupyterhub-singleuser", "--version"])
        check(r.returncode == 0, f"jupyterhub-singleuser --version works ({r.stdout.strip() or r.stderr.strip()[-80:]})")
        r = ctr.run(["id", "-u"])
        check(r.stdout.strip() == "1000", f"the image runs as uid 1000 ({r.stdout.strip()})")
        r = ctr.run(["python", "-c", KERNEL_START], timeout=300)
        line = next((l for l in r.stdout.splitlines() if l.startswith("KERNEL")), "")
        check(" execute_result " in line, f"the course kernel starts in the image and runs a cell: {line or r.stderr[-300:]}")
        if line:
            figures["image_kernel_start_s"] = float(line.split()[1])
        t0 = time.monotonic()
        chosen = os.environ.get("RACELAB_IMAGE_NOTEBOOKS", "00 02 06 08").strip()
        which = [] if chosen == "all" else chosen.split()
        r = ctr.run(["python", "/opt/racelab/tools/nbrun.py", "--out", "/opt/racelab/build/notebooks", *which], timeout=3600)
        log("\n".join("  " + l for l in r.stdout.splitlines()))
        check(r.returncode == 0, f"notebooks execute headlessly in the image ({chosen})")
        figures["image_notebooks_s"] = round(time.monotonic() - t0, 1)
        server_checks(ctr, figures)
    finally:
        ctr.remove()
        run(B + ["rmi", "--prune"])  # dangling images of this and earlier builds: disk, not cache
    figures["image_test_s"] = round(time.monotonic() - t_all, 1)
    figures["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    out_path.write_text(json.dumps(figures, indent=2) + "\n")
    log(f"image test: {len(failures)} failed, {time.monotonic() - t_all:.0f} s; figures in {out_path.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
