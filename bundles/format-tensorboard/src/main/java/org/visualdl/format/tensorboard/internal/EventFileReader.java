package org.visualdl.format.tensorboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.storage.TfRecordReader;

/**
 * Reads one TensorBoard event file from where the previous pass stopped. The TFRecord framing,
 * with its handling of cut-off tails and damage, is storage's {@link TfRecordReader}, the same
 * reader VisualDL's own record files use; this class decodes the events.
 */
final class EventFileReader implements LogFileReader {
  private final TfRecordReader records;
  private final EventDecoder decoder;
  private boolean reportedNotThisFormat;

  EventFileReader(LogFile file, Map<String, String> runTagPlugins) {
    this.records = new TfRecordReader(file, "record");
    this.decoder = new EventDecoder(runTagPlugins);
  }

  long position() {
    return records.position();
  }

  @Override
  public ReadStatus readAvailable(RecordSink sink) throws IOException {
    TfRecordReader.Pass pass;
    decoder.begin(sink);
    try {
      pass =
          records.readAvailable(
              new TfRecordReader.PayloadHandler() {
                @Override
                public String payload(byte[] buf, int off, int len, long recordOffset) {
                  return decoder.decode(buf, off, len, recordOffset);
                }

                @Override
                public void restart() {
                  reportedNotThisFormat = false;
                  decoder.reset();
                }
              });
    } finally {
      decoder.end();
    }
    List<String> problems = new ArrayList<>(pass.problems());
    boolean notThisFormat = false;
    if (records.goodRecords() == 0 && pass.damaged() > 0 && !reportedNotThisFormat) {
      reportedNotThisFormat = true;
      notThisFormat = true;
      problems.add(records.file().name() + ": not a TensorBoard event file (no valid record)");
    }
    return new ReadStatus(pass.bytesRead(), notThisFormat, pass.incompleteTail(), List.copyOf(problems));
  }

  /**
   * Reads the payload of the record at {@code offset} again, both CRCs checked.
   *
   * @throws IOException when there is no valid record there any more
   */
  static byte[] readPayloadAt(LogFile file, long offset) throws IOException {
    return TfRecordReader.readPayloadAt(file, offset);
  }

  @Override
  public void close() throws IOException {
    records.close();
  }
}
