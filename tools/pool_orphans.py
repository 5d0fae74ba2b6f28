"""No worker process of a ProcessPool outlives its cell, an interrupted cell, or the kernel, checked against the
real course kernel: after a cell that used pools, after the stop button hit a cell whose pool was busy, after the
kernel was killed outright (SIGKILL: no clean-up code runs) while a pool it held was mid-task, and after a clean
kernel shutdown. Workers are found from outside by the owner mark on their command line. Exit 1 on any failure."""
import os
import sys
import time

from kernel_driver import Tally, interrupt, start, text, wait_until
from kernel_driver import run as run_cell

MARK = "-Dracelab.pool.owner="
check = Tally()


def workers_of(owner):
    """Pids of live pool workers whose command line names `owner` as their pool's process."""
    want = f"{MARK}{owner}".encode()
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            with open(f"/proc/{d}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if want in args and state != "Z":
            found.append(int(d))
    return found


def run(kc, code, timeout=120):
    """Executes code; returns (status, text of its results, streams and error)."""
    status, outs = run_cell(kc, code, timeout)
    return status, text(outs)


def kernel_pid(kc):
    status, text = run(kc, "ProcessHandle.current().pid()")
    return int(text.strip().splitlines()[-1])


def main():
    if not os.path.isdir("/proc/self"):
        print("skipped: this check reads /proc (Linux)")
        return 0
    km, kc = start()
    try:
        pid = kernel_pid(kc)

        # 1. after a cell that used pools (start-up, crash and retry), nothing is left
        status, text = run(kc, 'PoolCrash.of().run().value("process_pool_distinct_results")')
        check(status == "ok" and "12" in text, f"a cell ran a pool and a crash demo ({status}: {text.strip()[-80:]!r})")
        check(not workers_of(pid), f"no pool worker alive after the cell ({workers_of(pid)})")

        # 2. the stop button while a pool is busy: the cell ends, and its workers with it
        msg_id = kc.execute("PoolComparison.io().workers(4).tasks(4_000).taskMillis(100).repeats(2).seconds(600).run()")
        busy = wait_until(lambda: len(workers_of(pid)) >= 4, 60)
        check(busy, f"a pool of 4 workers was busy when the cell was interrupted ({len(workers_of(pid))} seen)")
        time.sleep(0.5)
        status, stopped = interrupt(km, kc, msg_id)
        check(status == "error" and stopped < 10, f"the interrupt ended the cell ({status}, {stopped:.1f} s)")
        check(wait_until(lambda: not workers_of(pid), 5), f"no pool worker alive after the interrupt ({workers_of(pid)})")
        status, text = run(kc, 'ProcessPool.liveWorkers().size() + " workers, " + ChildProcesses.liveChildren().size() + " children"')
        check("0 workers, 0 children" in text, f"the kernel sees nothing left either: {text.strip()!r}")

        # 3. the kernel killed outright while a pool it holds is mid-task
        status, text = run(kc, "var pool = ProcessPool.start(3); pool.size()")
        check(status == "ok" and len(workers_of(pid)) == 3, f"a pool of 3 held across cells ({len(workers_of(pid))} alive)")
        kc.execute('pool.run(ProcessPool.tasks("sleep", 60_000, 3))')
        time.sleep(1.0)
        held = workers_of(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)  # SIGKILL: no shutdown hook, no finally block runs in the kernel
    check(len(held) == 3, f"3 workers were mid-task when the kernel was killed ({held})")
    gone = wait_until(lambda: not workers_of(pid), 10)
    check(gone, f"every worker exited after the kernel was killed ({workers_of(pid)})")

    # 4. a clean kernel shutdown with a pool still open
    km, kc = start()
    try:
        pid2 = kernel_pid(kc)
        status, text = run(kc, "var pool = ProcessPool.start(2); pool.size()")
        check(len(workers_of(pid2)) == 2, f"a pool of 2 held before a clean shutdown ({len(workers_of(pid2))} alive)")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    check(wait_until(lambda: not workers_of(pid2), 10), f"every worker exited after a clean shutdown ({workers_of(pid2)})")

    print(f"pool orphan checks: {len(check.failures)} failed")
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
