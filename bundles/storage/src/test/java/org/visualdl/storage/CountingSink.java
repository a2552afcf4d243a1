package org.visualdl.storage;

import java.util.ArrayList;
import java.util.List;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Storage;
import org.visualdl.proto.Tablet;

/** Collects what a reader delivers, as strings that are easy to compare. */
final class CountingSink implements FrameSink {
  final List<String> events = new ArrayList<>();
  final List<String> points = new ArrayList<>();
  int headers;

  @Override
  public void header(Storage header) {
    headers++;
    events.add("header " + header.getSequence());
  }

  @Override
  public void tablet(Tablet tablet) {
    events.add("tablet " + tablet.getId() + " " + tablet.getTag());
  }

  @Override
  public void scalars(Tablet tablet, ScalarBlock block) {
    events.add("scalars " + tablet.getTag() + " " + block.getCount());
    ScalarBlocks.decode(
        block, (step, value, wall) -> points.add(tablet.getTag() + "@" + step + "=" + value + "/" + wall));
  }

  @Override
  public void record(Tablet tablet, Record record, long frameOffset) {
    events.add("record " + tablet.getTag() + " " + record.getStep() + " " + record.getEntry());
  }
}
