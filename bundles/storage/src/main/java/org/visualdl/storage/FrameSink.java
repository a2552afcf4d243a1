package org.visualdl.storage;

import java.nio.file.Path;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Storage;
import org.visualdl.proto.Tablet;

/** Receives what a {@link RecordFileReader} reads, in file order. */
public interface FrameSink {

  /**
   * The file whose frames follow. Only {@link RunReader} calls it, before the frames of each file
   * it reads; a {@link RecordFileReader} reads one file and does not.
   */
  default void file(Path file) {}

  /** The header that opens the file. */
  default void header(Storage header) {}

  /** A tablet declared by the file; later data refers to it. */
  default void tablet(Tablet tablet) {}

  /** A block of scalar points of a declared tablet. */
  default void scalars(Tablet tablet, ScalarBlock block) {}

  /**
   * A record of a declared tablet.
   *
   * @param frameOffset where the record's frame starts in the file, so that a large entry (an
   *     image) can be read again on demand instead of being kept in memory
   */
  default void record(Tablet tablet, Record record, long frameOffset) {}
}
