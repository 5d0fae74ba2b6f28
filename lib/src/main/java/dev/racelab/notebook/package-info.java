/**
 * What the kernel shows: {@link dev.racelab.render.Renderable} (a MIME bundle: Markdown, HTML, PNG, JSON),
 * {@link dev.racelab.render.Html} tables, {@link dev.racelab.notebook.Notebook#md} for computed Markdown, and
 * {@link dev.racelab.notebook.Progress} bars. The kernel's start-up script ({@code lib/src/main/jshell/startup.jshell})
 * star-imports the course packages into every cell: every public type is API a learner may type.
 */
package dev.racelab.notebook;

import dev.racelab.render.Html;
import dev.racelab.render.Renderable;