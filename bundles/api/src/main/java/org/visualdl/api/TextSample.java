package org.visualdl.api;

/** One text (markdown) of a tablet at a step. */
public record TextSample(long step, long wallTimeMs, String markdown) {}
