"""racelab notebook 06: one CPU-bound Python function run serially, on a thread pool and on a process pool.

usage: python gil.py TASKS TASK_MS WORKERS REPEATS
Prints `name value` lines: python VERSION, gil 0|1, start_method, rounds, process_startup (seconds to create the
process pool), then one `serial|threads|processes SECONDS` line per timed batch, the three setups taking turns.
"""
import multiprocessing as mp
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def work(rounds):
    x = 0
    for i in range(rounds):
        x = (x * 31 + i) & 0xFFFFFFFF
    return x


def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def main():
    tasks, task_ms, workers, repeats = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"python {sys.version.split()[0]}")
    print(f"gil {int(gil)}")
    per_round = min(timed(lambda: work(100_000)) for _ in range(3)) / 100_000
    rounds = max(1, int(task_ms / 1000 / per_round))
    print(f"rounds {rounds}")
    batch = [rounds] * tasks
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    print(f"start_method {method}", flush=True)
    with ThreadPoolExecutor(workers) as threads:
        list(threads.map(work, [1] * workers))
        t0 = time.perf_counter()
        with mp.get_context(method).Pool(workers) as procs:
            procs.map(work, [1] * workers, chunksize=1)
            print(f"process_startup {time.perf_counter() - t0:.6f}", flush=True)
            for _ in range(repeats):
                print(f"serial {timed(lambda: [work(r) for r in batch]):.6f}", flush=True)
                print(f"threads {timed(lambda: list(threads.map(work, batch))):.6f}", flush=True)
                print(f"processes {timed(lambda: procs.map(work, batch, chunksize=1)):.6f}", flush=True)


if __name__ == "__main__":
    main()
