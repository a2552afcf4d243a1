package org.visualdl.api;

/**
 * One tag of one run, of one kind.
 *
 * @param run the run's name
 * @param tag the tag, for example {@code "train/loss"}
 * @param kind what the tablet holds
 * @param displayName a name to show instead of the tag, or empty
 * @param description a description written with the data, or empty
 * @param pluginName the plugin that owns the data of a plugin-defined kind, or empty
 */
public record TabletInfo(
    String run, String tag, Kind kind, String displayName, String description, String pluginName) {}
