/**
 * {@code ./course exp} and {@code ./course bench}: one picocli command per experiment ({@code *Commands}), the same
 * code the notebooks call, printing a table, CSV or JSON ({@link dev.racelab.cli.Output}). Bad parameters print one line
 * naming the allowed range and exit 2; a failed experiment exits 1. Entry point: {@link dev.racelab.cli.Main}.
 */
package dev.racelab.cli;
