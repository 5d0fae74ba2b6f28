/**
 * Notebook 05 (channels): a counter owned by one thread and fed by messages ({@link dev.racelab.channels.ChannelCounter}),
 * blocking queues compared ({@link dev.racelab.channels.ChannelKinds}), a fast producer and a slow consumer
 * ({@link dev.racelab.channels.Backpressure}), pipelines and fan-out on virtual threads
 * ({@link dev.racelab.channels.ChannelPatterns}). CLI: {@code ./course exp channel-counter | channel-kinds | backpressure
 * | pipeline | fan-out}.
 */
package dev.racelab.channels;
