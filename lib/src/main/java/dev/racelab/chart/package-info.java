/**
 * Charts with JFreeChart, rendered as PNG into notebook outputs and files: {@link dev.racelab.chart.Charts} builds
 * the course's kinds (interval dots, lines with 95 % bands, binned histograms, …) from {@link dev.racelab.chart.Series};
 * a {@link dev.racelab.chart.Chart} is a {@link dev.racelab.render.Renderable}.
 */
package dev.racelab.chart;
