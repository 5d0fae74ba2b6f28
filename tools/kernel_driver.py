"""Drives the real course kernel from a test script: start it, run a cell and collect what it printed, wait for
the reply to a cell started earlier, and tally ok / FAIL lines. Used by kernel_checks.py and pool_orphans.py."""
import time

from jupyter_client.manager import start_new_kernel


class Tally:
    """Prints one `ok: ...` or `FAIL: ...` line per check and remembers the failures."""

    def __init__(self):
        self.failures = []

    def __call__(self, ok, what):
        print(("ok: " if ok else "FAIL: ") + what, flush=True)
        if not ok:
            self.failures.append(what)
        return ok


def start(**kwargs):
    """A fresh course kernel: (manager, client); keyword arguments (e.g. env=...) go to the kernel manager."""
    return start_new_kernel(kernel_name="racelab", startup_timeout=120, **kwargs)


def shell_reply(kc, msg_id, timeout):
    """The execute reply to `msg_id`, skipping replies to other requests."""
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def interrupt(km, kc, msg_id, timeout=30):
    """Presses the stop button on the running cell `msg_id`; returns (its reply status, seconds until the reply)."""
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, timeout)
    return reply["content"]["status"], time.monotonic() - t0


def run(kc, code, timeout=60):
    """Executes `code` and waits for it; returns (status, outputs as [(msg_type, content)])."""
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


def text(outs):
    """The plain text of results and streams, and the message of an error."""
    return "\n".join(c.get("data", {}).get("text/plain", c.get("text", "")) or c.get("evalue", "") for _, c in outs)


def wait_until(cond, seconds):
    """Polls `cond` every 50 ms until it holds or `seconds` pass; its last value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return cond()
