package org.visualdl.plugin.text.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.proto.Text;
import org.visualdl.plugin.testing.InMemoryLogStore;
import org.visualdl.plugin.testing.Requests;

/** The entries route over an in-memory store; against real logs see the distribution's tests. */
class TextPluginTest {
  static final String RUN = "exp 1";
  static final String TAG = "notes/md";

  static Sample sample(long step, int version, Text text) {
    return new Sample(step, 1000 + step, version, text.toByteArray());
  }

  static TextPlugin plugin() {
    InMemoryLogStore store = new InMemoryLogStore()
        .run("empty")
        .sample(RUN, TAG, TextPlugin.KIND,
            sample(1, 1, Text.newBuilder().setMarkdown("# One\n\n*é* `x`").build()))
        .sample(RUN, TAG, TextPlugin.KIND,
            sample(2, 1, Text.newBuilder()
                .addTableShape(2).addTableShape(3)
                .addAllTableCells(List.of("a", "b", "c", "d", "e", "f")).build()))
        .sample(RUN, TAG, TextPlugin.KIND,
            sample(3, 2, Text.newBuilder().setMarkdown("from a newer SDK").build()))
        .sample(RUN, TAG, TextPlugin.KIND, new Sample(4, 0, 1, new byte[] {(byte) 0xff}))
        .sample(RUN, "bad-shape", TextPlugin.KIND,
            sample(1, 1, Text.newBuilder().setMarkdown("m")
                .addTableShape(2).addTableShape(2).addTableCells("only one").build()));
    return TextPlugin.over(store);
  }

  @SuppressWarnings("unchecked")
  static List<TextPlugin.Entry> entries(String run, String tag) {
    return (List<TextPlugin.Entry>) Requests.call(plugin(), "entries", "run", run, "tag", tag);
  }

  @Test
  void textsComeBackAsWrittenInStepOrderSkippingNewerAndBrokenPayloads() {
    List<TextPlugin.Entry> entries = entries(RUN, TAG);
    assertEquals(List.of(1L, 2L), entries.stream().map(TextPlugin.Entry::step).toList());
    assertEquals("# One\n\n*é* `x`", entries.get(0).text());
    assertEquals(1001, entries.get(0).wallTime());
    assertNull(entries.get(0).table());
  }

  @Test
  void twoDimensionalTextsAreTablesRowByRow() {
    TextPlugin.Table table = entries(RUN, TAG).get(1).table();
    assertEquals(2, table.rows());
    assertEquals(3, table.columns());
    assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e", "f")), table.cells());
  }

  @Test
  void oneDimensionalTextsAreOneColumnAndAShapeThatDisagreesIsNoTable() {
    Text column = Text.newBuilder().addTableShape(2).addTableCells("x").addTableCells("y").build();
    assertEquals(List.of(List.of("x"), List.of("y")), TextPlugin.table(column).cells());
    TextPlugin.Entry bad = entries(RUN, "bad-shape").get(0);
    assertNull(bad.table());
    assertEquals("m", bad.text());
  }

  @Test
  void unknownRunOrTagIs404() {
    RouteException noRun = assertThrows(RouteException.class, () -> entries("nope", TAG));
    assertEquals(RouteException.Status.NOT_FOUND, noRun.status());
    assertEquals("no run named 'nope'", noRun.getMessage());
    RouteException noTag = assertThrows(RouteException.class, () -> entries("empty", TAG));
    assertEquals(RouteException.Status.NOT_FOUND, noTag.status());
  }

  @Test
  void tagsAreTheTextTabletsByRun() {
    assertEquals(Map.of(RUN, List.of(TAG, "bad-shape")), plugin().tags());
  }
}
