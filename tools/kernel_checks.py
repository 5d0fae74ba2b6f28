"""Checks that need the real course kernel: a progress bar updates in place while a long experiment runs,
the stop button (an interrupt) ends the experiment with every thread and child process it started, and
killing the kernel leaves no child process of the course behind. Exit 1 on any failure."""
import os
import subprocess
import sys
import time

from kernel_driver import Tally, interrupt, run, start, text, wait_until

CHILD_MARK = "dev.racelab.basics.Child"
check = Tally()


def live_children():
    r = subprocess.run(["pgrep", "-f", CHILD_MARK], capture_output=True, text=True)
    return [p for p in r.stdout.split() if p]


def main():
    km, kc = start()
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
        status, stopped_s = interrupt(km, kc, msg_id)
        check(status == "error", f"interrupt ends the cell (status {status}, {stopped_s:.1f} s)")
        check(stopped_s < 10, f"interrupt answered within 10 s ({stopped_s:.1f} s)")
        status, outs = run(kc, 'Crew.liveThreadNames().size() + " threads, " + ChildProcesses.liveChildren().size() + " children"')
        check("0 threads, 0 children" in text(outs), f"nothing left behind after the interrupt: {text(outs)!r}")

        # 2. the kernel keeps working after an interrupt
        status, outs = run(kc, "Isolation.memory().value(\"process_parent_sees\")")
        check(status == "ok" and "43" in text(outs), f"kernel still works after an interrupt (the parent sees its own 43): {text(outs)!r}")

        # 3. the stop button during an exercise check: the check's threads end with the cell
        msg_id = kc.execute('Checks.counter("interrupt test", CounterKind.SYNCHRONIZED::create)')
        time.sleep(1.5)
        status, stopped_s = interrupt(km, kc, msg_id)
        check(status == "error" and stopped_s < 10, f"interrupt ends a running exercise check ({status}, {stopped_s:.1f} s)")
        status, outs = run(kc, 'Crew.liveThreadNames().size() + " threads left"')
        check("0 threads left" in text(outs), f"no check thread left after the interrupt: {text(outs)!r}")

        # 4. killing the kernel while child JVMs run leaves none behind
        kc.execute("Isolation.crash()")
        check(wait_until(live_children, 20), "child JVMs were running when the kernel was killed")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    wait_until(lambda: not live_children(), 10)
    left = live_children()
    check(not left, f"no child process survives the kernel ({left})")
    # 5. JJAVA_JVM_OPTS reaches the kernel's JVM: the per-kernel heap cap of the instructor guide
    env = dict(os.environ, JJAVA_JVM_OPTS="-Xmx300m -Dracelab.opts=seen")
    km, kc = start(env=env)
    try:
        status, outs = run(kc, 'Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MiB " + System.getProperty("racelab.opts")')
        words = text(outs).split()
        heap = int(words[-3]) if len(words) >= 3 and words[-3].isdigit() else -1
        check(status == "ok" and 0 < heap <= 300 and words[-1] == "seen",
              f"JJAVA_JVM_OPTS=-Xmx300m caps the kernel's heap ({text(outs).strip()!r})")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    print(f"kernel checks: {len(check.failures)} failed")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
