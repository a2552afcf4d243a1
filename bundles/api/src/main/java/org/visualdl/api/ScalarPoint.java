package org.visualdl.api;

/** One scalar point. */
public record ScalarPoint(long step, double value, long wallTimeMs) {}
