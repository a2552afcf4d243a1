package org.visualdl.example.runsummary.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.VisualizationPlugin;

/** A table of runs: how many tags of each kind each holds and when it was last written. */
@Component(service = VisualizationPlugin.class)
public final class RunSummaryPlugin implements VisualizationPlugin {
  /**
   * The kinds counted, by name: a kind is just a name, so this plugin needs no payload schema
   * (it counts tablets; it never decodes their data).
   */
  private static final List<Kind> KINDS = List.of(Kind.SCALAR, new Kind("histogram"),
      new Kind("image"), new Kind("embedding"), new Kind("text"));

  @Reference private LogStore store;

  @Override
  public String name() {
    return "run-summary";
  }

  @Override
  public String title() {
    return "Run summary";
  }

  @Override
  public int order() {
    return 900;
  }

  @Override
  public Map<String, List<String>> tags() {
    return Map.of();
  }

  /** One row of the summary. */
  public record RunSummary(String run, long lastWriteMs, Map<String, Integer> tagsByKind) {}

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("runs", List.of(), request -> summaries(), "Every run with its tag counts."),
        new Route(
            "run",
            List.of(Param.required("name", ParamType.STRING)),
            request -> {
              String name = request.string("name");
              return summaries().stream()
                  .filter(s -> s.run().equals(name))
                  .findFirst()
                  .orElseThrow(() -> RouteException.noSuchRun(name));
            },
            "One run with its tag counts."));
  }

  private List<RunSummary> summaries() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Kind kind : KINDS) {
      for (TabletInfo t : store.tablets(kind)) {
        counts.computeIfAbsent(t.run(), r -> new TreeMap<>()).merge(kind.id(), 1, Integer::sum);
      }
    }
    List<RunSummary> out = new ArrayList<>();
    for (RunInfo r : store.runs()) {
      out.add(new RunSummary(r.name(), r.lastWriteMs(), counts.getOrDefault(r.name(), Map.of())));
    }
    return out;
  }
}
