package org.visualdl.plugin.text.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Text;

/**
 * Texts logged by step: Markdown, or a table of text cells (TensorBoard's 2-D string tensors).
 * The browser renders and sanitises the Markdown; the route sends the text exactly as written.
 */
@Component(service = VisualizationPlugin.class)
public final class TextPlugin implements VisualizationPlugin {
  static final Kind KIND = new Kind(BuiltinKind.TEXT.kindName());

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static TextPlugin over(LogStore store) {
    TextPlugin p = new TextPlugin();
    p.store = store;
    return p;
  }

  @Override
  public String name() {
    return "text";
  }

  @Override
  public String title() {
    return "Text";
  }

  @Override
  public int order() {
    return 50;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(KIND);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route(
            "entries",
            List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
            this::entries,
            "The kept texts of a tag in step order."));
  }

  /**
   * A table of text: {@code cells} holds {@code rows} lists of {@code columns} strings.
   *
   * @param rows how many rows
   * @param columns how many columns
   * @param cells the cells, row by row
   */
  public record Table(int rows, int columns, List<List<String>> cells) {}

  /**
   * One kept text; {@code wallTime} in milliseconds since the epoch, {@code table} null for plain
   * text.
   */
  public record Entry(long step, long wallTime, String text, Table table) {}

  private List<Entry> entries(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<Sample> samples =
        store.samples(run, tag, KIND).orElseThrow(() -> RouteException.noSuchTag(run, tag));
    List<Entry> entries = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      // Written by a newer SDK in a schema this build does not know: left out, not misread.
      if (s.payloadVersion() > BuiltinKind.TEXT.payloadVersion()) {
        continue;
      }
      Text text;
      try {
        text = Text.parseFrom(s.payload());
      } catch (InvalidProtocolBufferException e) {
        continue;
      }
      entries.add(new Entry(s.step(), s.wallTimeMs(), text.getMarkdown(), table(text)));
    }
    return entries;
  }

  /**
   * The table a text holds, or null: a shape [rows, columns] (or [rows], one column) whose cells
   * are all there. A shape that disagrees with the cells is shown as plain text, not guessed at.
   */
  static Table table(Text text) {
    List<Long> shape = text.getTableShapeList();
    if (shape.isEmpty() || shape.size() > 2) {
      return null;
    }
    long rows = shape.get(0);
    long columns = shape.size() == 2 ? shape.get(1) : 1;
    if (rows < 0 || columns < 0 || rows * columns != text.getTableCellsCount()) {
      return null;
    }
    List<List<String>> cells = new ArrayList<>((int) rows);
    for (int r = 0; r < rows; r++) {
      int from = (int) (r * columns);
      cells.add(List.copyOf(text.getTableCellsList().subList(from, from + (int) columns)));
    }
    return new Table((int) rows, (int) columns, cells);
  }
}
