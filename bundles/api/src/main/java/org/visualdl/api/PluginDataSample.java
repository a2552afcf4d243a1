package org.visualdl.api;

/**
 * Opaque data of a plugin-defined kind at a step; the bytes stay on disk until
 * {@link LogStore#pluginData} reads them.
 *
 * @param plugin the plugin that owns the data
 * @param dataVersion the version of the plugin's stored data, as written
 */
public record PluginDataSample(
    long step, long wallTimeMs, String plugin, int dataVersion, long byteSize) {}
