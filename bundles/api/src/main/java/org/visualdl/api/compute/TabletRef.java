package org.visualdl.api.compute;

import org.visualdl.api.Kind;

/** Names one tablet: a run, a tag and a kind. */
public record TabletRef(String run, String tag, Kind kind) {}
