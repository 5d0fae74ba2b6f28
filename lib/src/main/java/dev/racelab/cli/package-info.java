/**
 * {@code ./course exp} and {@code ./course bench}: one picocli command per experiment ({@code *Commands}), the same
 * code the notebooks call, printing a table, CSV or JSON ({@link dev.racelab.cli.Output}). Bad parameters print one line
 * naming the allowed range and exit 2; a failed experiment exits 1. Entry point: {@link dev.racelab.cli.Main}.
 * Options several experiments share ({@code --seconds}, {@code --trials}, {@code --threads}, {@code --increments}) are
 * mixins in {@link dev.racelab.cli.CommonOptions}: their help texts take the range from the constants in
 * {@link dev.racelab.core.Budget} that the experiments' setters check, so a new command uses the mixin rather than
 * typing the range again. Any other option is a nullable field handed on with {@code ifGiven(value, exp::setter)}
 * ({@link dev.racelab.cli.ExperimentCommand}): left out, the experiment keeps its profile default; given, the setter
 * checks it. OptionRangesTest holds every range a help text names to the range its setter enforces.
 */
package dev.racelab.cli;
