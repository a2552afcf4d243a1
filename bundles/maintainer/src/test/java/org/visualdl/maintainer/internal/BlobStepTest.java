package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.visualdl.api.BlobRef;

/** The blobs of one step are kept and dropped together, by the duplicate-step rule. */
class BlobStepTest {

  private static KeptBlob blob(long step, long wall, int index) {
    return new KeptBlob(new BlobRef(step, wall, index, 1, new byte[0], 10), null, null, index);
  }

  private static List<Integer> indexes(RecordTablet t, long step) {
    return t.blobRefs().stream().filter(r -> r.step() == step).map(BlobRef::index).toList();
  }

  @Test
  void blobsOfAStepStayTogetherWhileStepsAreSampled() {
    RecordTablet t = RecordTablet.of(RecordShape.BLOBS, 3, 42);
    for (long step = 0; step < 50; step++) {
      for (int i = 0; i < 3; i++) {
        t.add(blob(step, 1000 + step, i));
      }
    }
    List<BlobRef> refs = t.blobRefs();
    assertEquals(9, refs.size(), "3 steps of 3 blobs");
    for (BlobRef r : refs) {
      assertEquals(List.of(0, 1, 2), indexes(t, r.step()), "step " + r.step() + " is whole");
    }
    assertEquals(49, refs.get(refs.size() - 1).step(), "the newest step is kept");
  }

  @Test
  void aStepWrittenAgainLaterReplacesAllItsBlobs() {
    RecordTablet t = RecordTablet.of(RecordShape.BLOBS, 10, 1);
    t.add(blob(5, 100, 0));
    t.add(blob(5, 100, 1));
    t.add(blob(5, 100, 2));
    t.add(blob(5, 200, 0));
    assertEquals(List.of(0), indexes(t, 5), "a resumed run wrote step 5 again, with one blob");
    t.add(blob(5, 150, 1));
    assertEquals(List.of(0), indexes(t, 5), "an older write of the step is dropped");
    t.add(blob(5, 200, 1));
    assertEquals(List.of(0, 1), indexes(t, 5));
  }
}
