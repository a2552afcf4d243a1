package org.visualdl.maintainer.internal;

import java.nio.file.Path;
import org.visualdl.api.format.LogFormat;

/** Metadata of a record kept in memory, and how its format finds it on disk again. */
record DiskRef<M>(M meta, long step, long wallMs, LogFormat format, Path file, long locator, long byteSize) {}
