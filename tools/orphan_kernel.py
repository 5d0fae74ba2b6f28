"""No orphaned kernels: when the program driving a notebook is killed outright (kill -9: what a CI timeout, a
crashed server or a culled hub server does), the course kernel and every child process it started end within a
few seconds (the kernel watches JPY_PARENT_PID: dev.racelab.notebook.ParentWatch, started by startup.jshell).

Runs `jupyter nbconvert --execute` on notebook 02, waits until its kernel has started a child JVM (an experiment
is running), kills the client with SIGKILL and checks from outside (/proc) that the kernel and all its descendants
are gone. Anything left is killed by this script, so the check itself leaves nothing behind. Exit 1 on failure."""
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENV = pathlib.Path(os.environ.get("VENV", ROOT / ".venv"))
NOTEBOOK = ROOT / "notebooks" / "02-data-race.ipynb"
GONE_WITHIN_S = 15


def procs():
    """{pid: (ppid, cmdline args)} of live, non-zombie processes."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{d}/cmdline", "rb") as f:
                args = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        except OSError:
            continue
        if rest[0] != "Z":
            out[int(d)] = (int(rest[1]), args)
    return out


def descendants(pid, table):
    kids, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for q, (pp, _) in table.items():
            if pp == p and q not in kids:
                kids.add(q)
                todo.append(q)
    return kids


def kernel_of(client, table):
    return next((p for p, (pp, args) in table.items() if pp == client and any("jjava" in a for a in args)), None)


def main():
    if not os.path.isdir("/proc/self"):
        print("skipped: this check reads /proc (Linux)")
        return 0
    failures, passes = [], []

    def check(ok, what):
        print(("ok: " if ok else "FAIL: ") + what, flush=True)
        (passes if ok else failures).append(what)

    with tempfile.TemporaryDirectory(prefix="racelab-orphan-") as tmp:
        client = subprocess.Popen(
            [str(VENV / "bin" / "jupyter"), "nbconvert", "--execute", "--to", "notebook",
             "--ExecutePreprocessor.kernel_name=racelab", "--ExecutePreprocessor.timeout=600",
             "--output-dir", tmp, str(NOTEBOOK)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        kernel, watched, t_child = None, set(), None
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and client.poll() is None:
                table = procs()
                kernel = kernel or kernel_of(client.pid, table)
                if kernel:
                    kids = descendants(kernel, table)
                    if any(any(a.endswith("/java") or a == "java" for a in table[k][1][:1]) for k in kids):
                        watched = {kernel} | kids
                        t_child = time.monotonic()
                        break
                time.sleep(0.2)
            check(kernel is not None, f"the client (pid {client.pid}) started the course kernel (pid {kernel})")
            check(bool(watched), f"the kernel started a child JVM mid-experiment ({len(watched) - 1 if watched else 0} descendants)")
            if not watched:
                return 1
            time.sleep(1.0)  # let the experiment get going
            watched |= descendants(kernel, procs())
            os.kill(client.pid, signal.SIGKILL)
            client.wait()
            t0 = time.monotonic()
            left = watched
            while time.monotonic() - t0 < GONE_WITHIN_S:
                table = procs()
                left = {p for p in watched if p in table} | descendants(kernel, table)
                if not left:
                    break
                time.sleep(0.1)
            took = time.monotonic() - t0
            check(not left, f"after kill -9 of the client, the kernel and its {len(watched) - 1} child process(es) "
                            f"ended in {took:.1f} s (limit {GONE_WITHIN_S} s)" + (f"; left: {sorted(left)}" if left else ""))
        finally:
            if client.poll() is None:
                client.kill()
                client.wait()
            table = procs()
            for p in ({kernel} if kernel else set()) | watched | (descendants(kernel, table) if kernel else set()):
                if p in table:
                    try:
                        os.kill(p, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
    print(f"orphan-kernel: {len(passes)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
