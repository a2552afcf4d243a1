package org.visualdl.maintainer.internal;

import org.visualdl.api.Kind;

/** What names a tablet within a run: its kind and its tag. */
record TabletKey(Kind kind, String tag) {}
