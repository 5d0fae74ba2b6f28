/**
 * Notebook 06 (process pools): a pool of worker JVMs ({@link dev.racelab.processes.ProcessPool}, workers run
 * {@link dev.racelab.processes.PoolWorker}) against a thread pool — start-up, speedup, memory, crash isolation, no
 * orphans — and Python's GIL measured beside it ({@link dev.racelab.processes.PythonGil}). Every worker process is
 * owned by the pool and ends with it (tested by {@code tools/pool_orphans.py}).
 */
package dev.racelab.processes;
