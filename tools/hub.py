"""`./course hub`: a local JupyterHub for a workshop on this machine (configuration: tools/hub_config.py).

usage: RACELAB_HUB_PASSWORD=... ./course hub [--port 8000] [--ip ADDR --public] [--heap 512m] [--cull-idle 3600]
       (or --password-file FILE: its first line is the password)

Bound to 127.0.0.1 unless --ip names another address and --public says that is meant. Learners log in with any
name and the instructor's password; each gets their own server, their own copy of the notebooks and course
kernels whose heap is capped. Ctrl-C (or SIGTERM) stops the hub, every learner's server and kernel; afterwards
every process that carried this run's mark is looked for, and any found is ended and reported (exit 1).
Bad input (port in use, no password, a non-loopback address without --public): one line, exit 2, nothing started.
"""
import argparse
import hashlib
import ipaddress
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV_BIN = pathlib.Path(sys.executable).parent
MIN_PASSWORD = 8  # JupyterHub's SharedPasswordAuthenticator refuses shorter ones
MARK = "RACELAB_HUB_RUN"


def fail(msg, code=2):
    print(f"course hub: {msg}", file=sys.stderr)
    raise SystemExit(code)


def is_loopback(ip):
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        fail(f"--ip {ip!r} is not an IP address (e.g. 127.0.0.1, 0.0.0.0, 192.168.1.20)")


def port_free(ip, port):
    fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1" if ip == "localhost" else ip, port))
            return True
        except OSError:
            return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def marked(run_id, exclude=()):
    """Pids of live processes whose environment carries this run's mark."""
    want = f"{MARK}={run_id}".encode()
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) in exclude:
            continue
        try:
            with open(f"/proc/{d}/environ", "rb") as f:
                if want not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{d}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
        except OSError:
            continue
        found.append(int(d))
    return found


def ensure_proxy():
    """configurable-http-proxy from npm, installed exactly from package-lock.json (the browser test shares it)."""
    cli = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    want = hashlib.sha256((ROOT / "package-lock.json").read_bytes()).hexdigest()
    stamp = ROOT / "node_modules" / ".racelab-lock"
    have = stamp.read_text().strip() if stamp.is_file() else ""
    if cli.exists() and want == have:
        return cli
    for tool in ("node", "npm"):
        if not any((pathlib.Path(p) / tool).exists() for p in os.environ.get("PATH", "").split(":")):
            fail(f"{tool} is missing: the hub's proxy (configurable-http-proxy) needs Node.js 20 or newer")
    print("course hub: npm ci (package-lock.json: configurable-http-proxy)", file=sys.stderr)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
    stamp.write_text(want + "\n")
    if not cli.exists():
        fail(f"npm ci did not install {cli}", 1)
    return cli


def main():
    ap = argparse.ArgumentParser(prog="./course hub", description=__doc__.split("\n\n")[0])
    ap.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--public", action="store_true", help="required with an --ip other than loopback")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--password-file", type=pathlib.Path, help="first line: the learners' password "
                    "(else the environment variable RACELAB_HUB_PASSWORD)")
    ap.add_argument("--heap", default="512m", help="heap cap of each course kernel (-Xmx), default 512m")
    ap.add_argument("--cull-idle", type=int, default=3600, help="seconds before idle kernels and servers are stopped")
    ap.add_argument("--notebooks", type=pathlib.Path, default=ROOT / "notebooks",
                    help="the notebooks each learner gets a copy of (default notebooks/; e.g. build/student/ after "
                         "./course student)")
    ap.add_argument("--state", type=pathlib.Path, default=ROOT / "build" / "hub",
                    help="hub database, logs and learners' homes (default build/hub)")
    a = ap.parse_args()

    if not 1 <= a.port <= 65535:
        fail(f"--port {a.port} is outside 1–65535")
    if not is_loopback(a.ip) and not a.public:
        fail(f"--ip {a.ip} is not loopback: learners on other machines could reach it; add --public if that is meant")
    if a.password_file:
        try:
            password = a.password_file.read_text().splitlines()[0].strip() if a.password_file.read_text() else ""
        except OSError as e:
            fail(f"cannot read --password-file: {e.strerror}")
    else:
        password = os.environ.get("RACELAB_HUB_PASSWORD", "")
    if not password:
        fail("no password: set RACELAB_HUB_PASSWORD or pass --password-file FILE (there is no default password)")
    if len(password) < MIN_PASSWORD:
        fail(f"the password has {len(password)} characters; JupyterHub needs at least {MIN_PASSWORD}")
    if not a.heap[:-1].isdigit() or a.heap[-1].lower() not in "mg" or int(a.heap[:-1]) == 0:
        fail(f"--heap {a.heap!r}: give a size like 512m or 1g")
    if a.cull_idle < 60:
        fail(f"--cull-idle {a.cull_idle}: at least 60 seconds")
    if not port_free(a.ip, a.port):
        fail(f"port {a.port} on {a.ip} is in use; choose another with --port")

    if not sorted(a.notebooks.glob("[0-9][0-9]-*.ipynb")):
        fail(f"--notebooks {a.notebooks}: no course notebooks (NN-name.ipynb) there")
    proxy = ensure_proxy()
    state = a.state.resolve()
    (state / "home").mkdir(parents=True, exist_ok=True)
    run_id = secrets.token_hex(8)
    env = dict(os.environ,
               RACELAB_HOME=str(ROOT), RACELAB_HUB_STATE=str(state), RACELAB_HUB_IP=a.ip,
               RACELAB_HUB_PORT=str(a.port), RACELAB_HUB_API_PORT=str(free_port()),
               RACELAB_HUB_PROXY_API_PORT=str(free_port()), RACELAB_HUB_PASSWORD=password,
               RACELAB_HUB_KERNEL_OPTS=f"-Xmx{a.heap}", RACELAB_HUB_CULL_S=str(a.cull_idle),
               RACELAB_HUB_NOTEBOOKS=str(a.notebooks.resolve()),
               PATH=f"{VENV_BIN}:{proxy.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    env[MARK] = run_id
    (state / "run-id").write_text(run_id + "\n")  # scripts (the load test) find this run's processes by it
    env.pop("JPY_PARENT_PID", None)
    where = "this machine only" if is_loopback(a.ip) else "other machines too (--public)"
    print(f"course hub: http://{a.ip}:{a.port}/ ({where}); learners log in with any name and the password; "
          f"kernel heap {a.heap}; idle after {a.cull_idle} s; Ctrl-C stops it", file=sys.stderr, flush=True)
    hub = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(ROOT / "tools" / "hub_config.py")],
                           cwd=state, env=env, start_new_session=True)

    def forward(signum, frame):
        if hub.poll() is None:
            hub.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    rc = hub.wait()
    # the hub stops the servers and the proxy; kernels end with their server (ParentWatch). Give them a moment.
    deadline = time.monotonic() + 20
    left = marked(run_id, exclude={os.getpid()})
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = marked(run_id, exclude={os.getpid()})
    if left:
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        print(f"course hub: {len(left)} process(es) of this hub were still running 20 s after it stopped; "
              f"ended them: {left}", file=sys.stderr)
        return 1
    print(f"course hub: stopped (hub exit {rc}); no server, kernel or child process of it is left", file=sys.stderr)
    return 0 if rc in (0, -signal.SIGTERM, 128 + signal.SIGTERM) else rc


if __name__ == "__main__":
    sys.exit(main())
