"""Checks that need the real course kernel: a progress bar updates in place while a long experiment runs,
the stop button (an interrupt) ends the experiment with every thread and child process it started, and
killing the kernel leaves no child process of the course behind. Exit 1 on any failure."""
import subprocess
import sys
import time

from jupyter_client.manager import start_new_kernel

CHILD_MARK = "dev.racelab.basics.Child"
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(kc, code, timeout=60):
    """Executes code; returns (status, outputs as (msg_type, content))."""
    msg_id = kc.execute(code)
    outs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outs.append((msg["msg_type"], msg["content"]))
    return shell_reply(kc, msg_id, timeout)["content"]["status"], outs


def shell_reply(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def text(outs):
    return "\n".join(c.get("data", {}).get("text/plain", c.get("text", "")) for _, c in outs)


def live_children():
    r = subprocess.run(["pgrep", "-f", CHILD_MARK], capture_output=True, text=True)
    return [p for p in r.stdout.split() if p]


def main():
    km, kc = start_new_kernel(kernel_name="racelab", startup_timeout=120)
    try:
        # 1. a long run shows a progress bar that is updated in place, and an interrupt stops it cleanly
        msg_id = kc.execute("SpawnCost.defaults().threads(200).processes(10_000).jvms(10).seconds(600).run()")
        t0 = time.monotonic()
        updates = displays = 0
        while time.monotonic() - t0 < 3.0:
            try:
                msg = kc.get_iopub_msg(timeout=0.2)
            except Exception:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                displays += msg["msg_type"] == "display_data"
                updates += msg["msg_type"] == "update_display_data"
        check(displays >= 1 and updates >= 1, f"progress bar shown and updated in place ({displays} shown, {updates} updates)")
        t_int = time.monotonic()
        km.interrupt_kernel()
        reply = shell_reply(kc, msg_id, 30)
        stopped_s = time.monotonic() - t_int
        content = reply["content"]
        check(content["status"] == "error", f"interrupt ends the cell (status {content['status']}, {stopped_s:.1f} s)")
        check(stopped_s < 10, f"interrupt answered within 10 s ({stopped_s:.1f} s)")
        status, outs = run(kc, 'Crew.liveThreadNames().size() + " threads, " + ChildProcesses.liveChildren().size() + " children"')
        check("0 threads, 0 children" in text(outs), f"nothing left behind after the interrupt: {text(outs)!r}")

        # 2. the kernel keeps working after an interrupt
        status, outs = run(kc, "Isolation.memory().value(\"process_parent_sees\")")
        check(status == "ok" and "42" in text(outs), f"kernel still works after an interrupt: {text(outs)!r}")

        # 3. killing the kernel while child JVMs run leaves none behind
        kc.execute("Isolation.crash()")
        deadline = time.monotonic() + 20
        while not live_children() and time.monotonic() < deadline:
            time.sleep(0.05)
        check(bool(live_children()), "child JVMs were running when the kernel was killed")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    deadline = time.monotonic() + 10
    while live_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = live_children()
    check(not left, f"no child process survives the kernel ({left})")
    print(f"kernel checks: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
