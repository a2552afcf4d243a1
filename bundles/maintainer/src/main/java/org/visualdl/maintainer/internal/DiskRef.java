package org.visualdl.maintainer.internal;

import java.nio.file.Path;

/** Metadata of a record kept in memory, and where its frame is on disk. */
record DiskRef<M>(M meta, long step, long wallMs, Path file, long frameOffset, long byteSize) {}
