/**
 * VisualDL record files on disk.
 *
 * <p>A record file is a sequence of frames {@code u64 LE length | u32 masked CRC32C(length) |
 * payload | u32 masked CRC32C(payload)}; every payload is one {@code org.visualdl.proto.Frame}.
 * {@link org.visualdl.storage.RecordWriter} writes a run's files (naming, header, tablet
 * declarations, rotation); {@link org.visualdl.storage.RecordFileReader} reads one file from where
 * it stopped, tolerating a cut-off tail and corrupt frames; {@link org.visualdl.storage.RunReader}
 * reads and tails every file of a run folder in order. The format is described in
 * {@code proto/README.md}.
 */
@Export
@Version("1.1.0")
package org.visualdl.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
