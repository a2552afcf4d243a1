package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;
import org.visualdl.proto.tensorboard.HParamInfo;
import org.visualdl.proto.tensorboard.HParamsExperiment;
import org.visualdl.proto.tensorboard.HParamsPluginData;
import org.visualdl.proto.tensorboard.MetricInfo;

/**
 * The {@code hparams} plugin's data ({@code HParamsPluginData} in the metadata's plugin content)
 * of one event file. An experiment names the hyper-parameters and the metrics; a session start
 * holds the run's values. PyTorch's {@code add_hparams} writes both, then the session end and the
 * {@code hparam/*} scalars, into one child run, so the session start becomes one {@code Hparams}
 * sample whose metric tags are the experiment's (those in the same run: metric names without a
 * group). The experiment itself becomes an {@code Hparams} sample of metric tags only, which the
 * hparams plugin adds to every session (TensorFlow's hp API writes it in the parent run of its
 * sessions). A session end is not shown.
 */
final class HparamsValues {
  private List<String> hparamOrder = List.of();
  private List<String> metricTags = List.of();

  void reset() {
    hparamOrder = List.of();
    metricTags = List.of();
  }

  /**
   * Takes in one value's plugin content; returns the {@code Hparams} of a session start, the
   * metric tags alone of an experiment (which is also remembered for the sessions after it), or
   * null for anything else.
   *
   * @throws BadPayloadException when the content is not an {@code HParamsPluginData}
   */
  Hparams read(String tag, byte[] b, int off, int len) {
    HParamsPluginData data;
    try {
      data = HParamsPluginData.parseFrom(java.nio.ByteBuffer.wrap(b, off, len));
    } catch (InvalidProtocolBufferException e) {
      throw new BadPayloadException("hparams plugin data of tag '" + tag
          + "' does not decode: " + e.getMessage());
    }
    switch (data.getDataCase()) {
      case EXPERIMENT -> {
        experiment(data.getExperiment());
        return metricTags.isEmpty() ? null
            : Hparams.newBuilder().addAllMetricTags(metricTags).build();
      }
      case SESSION_START_INFO -> {
        return session(data.getSessionStartInfo().getHparamsMap());
      }
      default -> {
        return null;
      }
    }
  }

  private void experiment(HParamsExperiment e) {
    List<String> order = new ArrayList<>();
    for (HParamInfo h : e.getHparamInfosList()) {
      order.add(h.getName());
    }
    List<String> metrics = new ArrayList<>();
    for (MetricInfo m : e.getMetricInfosList()) {
      if (m.getName().getGroup().isEmpty() && !m.getName().getTag().isEmpty()) {
        metrics.add(m.getName().getTag());
      }
    }
    hparamOrder = List.copyOf(order);
    metricTags = List.copyOf(metrics);
  }

  private Hparams session(Map<String, Value> values) {
    Map<String, Value> ordered = new LinkedHashMap<>();
    for (String name : hparamOrder) {
      Value v = values.get(name);
      if (v != null) {
        ordered.put(name, v);
      }
    }
    ordered.putAll(values);
    Hparams.Builder h = Hparams.newBuilder();
    for (Map.Entry<String, Value> e : ordered.entrySet()) {
      Hparam.Builder p = Hparam.newBuilder().setName(e.getKey());
      Value v = e.getValue();
      switch (v.getKindCase()) {
        case NUMBER_VALUE -> p.setNumber(v.getNumberValue());
        case STRING_VALUE -> p.setText(v.getStringValue());
        case BOOL_VALUE -> p.setFlag(v.getBoolValue());
        default -> {
          continue; // null, lists and structs: TensorBoard shows none of them either
        }
      }
      h.addHparams(p);
    }
    return h.addAllMetricTags(metricTags).build();
  }
}
