/**
 * Notebook 07 (scheduling): the cost of many workers on few cores ({@link dev.racelab.scheduling.ThreadSweep},
 * {@link dev.racelab.scheduling.CurveShape}), what a context switch costs and what the OS counts
 * ({@link dev.racelab.scheduling.SwitchCost}, {@link dev.racelab.scheduling.ContextSwitches}), and a pool starved by
 * slow work ({@link dev.racelab.scheduling.SlowExports}).
 */
package dev.racelab.scheduling;
