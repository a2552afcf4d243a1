package org.visualdl.sdk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.FrameSink;
import org.visualdl.storage.ReadResult;
import org.visualdl.storage.RunReader;
import org.visualdl.storage.ScalarBlocks;

/** Everything a run folder holds, read back with the storage bundle's reader. */
final class RunContents {
  record Point(long step, double value, long wallTimeMs) {}

  final Map<String, List<Point>> scalars = new LinkedHashMap<>();
  final Map<String, List<Record>> records = new LinkedHashMap<>();
  final Map<String, Tablet> tablets = new LinkedHashMap<>();
  ReadResult result;

  static RunContents read(Path runDir) throws IOException {
    RunContents c = new RunContents();
    try (RunReader reader = new RunReader(runDir)) {
      c.result = reader.readAvailable(new FrameSink() {
        @Override
        public void tablet(Tablet tablet) {
          c.tablets.put(tablet.getTag() + "/" + tablet.getKind(), tablet);
        }

        @Override
        public void scalars(Tablet tablet, ScalarBlock block) {
          List<Point> points = c.scalars.computeIfAbsent(tablet.getTag(), t -> new ArrayList<>());
          ScalarBlocks.decode(block, (s, v, w) -> points.add(new Point(s, v, w)));
        }

        @Override
        public void record(Tablet tablet, Record record, long frameOffset) {
          c.records.computeIfAbsent(tablet.getTag(), t -> new ArrayList<>()).add(record);
        }
      });
    }
    return c;
  }
}
