/**
 * Notebook 03's real database: lost page views in an embedded H2 database when a request reads then writes, and
 * three fixes (an atomic UPDATE, a row lock, optimistic versioning) — {@link dev.racelab.db.PageViews}.
 * CLI: {@code ./course exp page-views}.
 */
package dev.racelab.db;
