package org.visualdl.plugin.hparams.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.LogStore;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;

/**
 * Hyper-parameters, as TensorBoard's hparams dashboard: one session per run that holds an hparams
 * record (kind {@code hparams}, samples), with the latest values of the scalar tags the record
 * names as its metrics.
 */
@Component(service = VisualizationPlugin.class)
public final class HparamsPlugin implements VisualizationPlugin {
  private final LogStore store;
  private final ExperimentSource source;

  @Activate
  public HparamsPlugin(@Reference LogStore store) {
    this.store = store;
    this.source = new ExperimentSource(store);
  }

  @Override
  public String name() {
    return "hparams";
  }

  @Override
  public String title() {
    return "Hyperparameters";
  }

  @Override
  public int order() {
    return 60;
  }

  /** The runs that hold hparams, with their hparams tags. */
  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(ExperimentSource.HPARAMS);
  }

  @Override
  public List<Route> routes() {
    return List.of(new Route(
        "experiment",
        List.of(),
        this::experiment,
        "Every run's hyper-parameters and the latest values of the metrics its record names."));
  }

  private Experiment experiment(RouteRequest request) {
    return source.experiment();
  }
}
