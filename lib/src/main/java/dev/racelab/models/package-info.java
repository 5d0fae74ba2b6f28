/**
 * Notebook 08 (other languages' concurrency models, as Java shows them): an event loop
 * ({@link dev.racelab.models.EventLoop}, {@link dev.racelab.models.LocalServer}), a global interpreter lock
 * ({@link dev.racelab.models.Gil}), goroutine-like virtual threads and their pinning
 * ({@link dev.racelab.models.VirtualThreads}, {@link dev.racelab.models.Pinning}), rate limiting
 * ({@link dev.racelab.models.Throttle}) and compile-time race checks ({@link dev.racelab.models.ErrorProne}).
 */
package dev.racelab.models;
