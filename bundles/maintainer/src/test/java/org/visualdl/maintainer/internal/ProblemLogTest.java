package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.visualdl.api.StoreProblem;

class ProblemLogTest {
  final AtomicLong clock = new AtomicLong(1000);
  final ProblemLog log = new ProblemLog(3, clock::get);

  @Test
  void aProblemFoundOnEveryScanIsOneEntryOfOneOccurrenceWithItsLastTimeMoving() {
    for (int i = 0; i < 100; i++) {
      assertEquals(i == 0, log.report("/logs/locked", "cannot be read"));
      clock.addAndGet(1000);
      log.scanDone();
    }
    List<StoreProblem> l = log.list();
    assertEquals(List.of(new StoreProblem("/logs/locked", "cannot be read", 1, 1000, 100_000)), l);
  }

  @Test
  void aProblemThatComesBackAfterAScanWithoutItCountsAgain() {
    log.report("f", "corrupt");
    log.scanDone();
    log.scanDone();
    log.report("f", "corrupt");
    log.scanDone();
    assertEquals(2, log.list().get(0).count());
  }

  @Test
  void theListKeepsTheEarliestDistinctProblemsAndCountsTheOthers() {
    for (int scan = 0; scan < 10; scan++) {
      for (int i = 0; i < 5; i++) {
        log.report("file" + i, "bad");
      }
      log.scanDone();
    }
    assertEquals(List.of("file0: bad", "file1: bad", "file2: bad"),
        log.list().stream().map(StoreProblem::line).toList());
    assertEquals(2, log.notListed(), "the two others counted once each");
    assertTrue(log.has("file0", "bad"));
    assertFalse(log.has("file4", "bad"));
  }

  @Test
  void sameCauseOnOtherPathsAndOtherCausesOnOnePathAreDistinct() {
    log.report("a", "x");
    log.report("b", "x");
    log.report("a", "y");
    assertEquals(3, log.list().size());
  }
}
