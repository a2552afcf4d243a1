package org.visualdl.plugin.hparams.internal;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/plugins/hparams/experiment}: every hyper-parameter with its type
 * and values, the metrics, and one session per run that has an hparams record.
 *
 * @param hparams the hyper-parameters in order of first appearance (runs by name, then the order
 *     of the record)
 * @param metrics the scalar tags the records name as metrics, in order of first appearance
 * @param sessions one per run with hparams, by run name
 */
public record Experiment(List<HparamInfo> hparams, List<MetricInfo> metrics, List<Session> sessions) {

  /** An experiment without runs. */
  static final Experiment EMPTY = new Experiment(List.of(), List.of(), List.of());

  /**
   * One hyper-parameter.
   *
   * @param name its name
   * @param type {@code "number"}, {@code "string"} or {@code "bool"}; {@code "string"} when runs
   *     disagree on the type (every value then sent as text)
   * @param values its distinct values across sessions, sorted (numbers ascending, strings by
   *     code point, {@code false} before {@code true})
   */
  public record HparamInfo(String name, String type, List<Object> values) {}

  /** One metric: a scalar tag whose latest value measures a session. */
  public record MetricInfo(String tag) {}

  /**
   * One run's hyper-parameters and metric values.
   *
   * @param run the run's name
   * @param hparams name to value ({@code Double}, {@code String} or {@code Boolean}, of the
   *     hparam's type); a name the run's record lacks is absent
   * @param metrics every metric tag of the experiment to the latest value of that scalar tag in
   *     this run, or {@code null} when the run has no such scalar tag
   */
  public record Session(String run, Map<String, Object> hparams, Map<String, Double> metrics) {}
}
