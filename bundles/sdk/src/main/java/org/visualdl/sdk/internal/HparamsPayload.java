package org.visualdl.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;

/**
 * The payload of kind "hparams": an {@link Hparams} message. Values: a {@link Number} is a number
 * (its {@code doubleValue()}, finite), a {@link String} a text, a {@link Boolean} a flag. The
 * hyper-parameters are sorted by the UTF-8 bytes of their names (as C's strcmp and Python's sort
 * of encoded names), so the bytes depend only on the content; metric tags keep their order.
 */
public final class HparamsPayload {
  /** The tag and step of the record our SDKs write the hyper-parameters of a run under. */
  public static final String TAG = "hparams";

  public static final long STEP = 0;

  private HparamsPayload() {}

  /**
   * The serialized {@link Hparams} message.
   *
   * @param metricTags scalar tags of the run whose latest values measure it (null: none)
   * @throws IllegalArgumentException for no hyper-parameters, an empty name, a null value, a value
   *     of another type, a non-finite number, or a bad metric tag
   */
  public static byte[] encode(Map<String, ?> hparams, List<String> metricTags) {
    if (hparams == null || hparams.isEmpty()) {
      throw new IllegalArgumentException("hparams are empty: give at least one");
    }
    List<Map.Entry<byte[], Hparam>> sorted = new ArrayList<>();
    for (Map.Entry<String, ?> e : hparams.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("an hparam has an empty name");
      }
      Object v = e.getValue();
      Hparam.Builder h = Hparam.newBuilder().setName(name);
      if (v instanceof Boolean b) {
        h.setFlag(b);
      } else if (v instanceof Number num) {
        double d = num.doubleValue();
        if (!Double.isFinite(d)) {
          throw new IllegalArgumentException(
              "hparam '" + name + "' is " + (Double.isNaN(d) ? "NaN" : "infinite")
                  + "; numbers must be finite");
        }
        h.setNumber(d);
      } else if (v instanceof String s) {
        h.setText(s);
      } else {
        throw new IllegalArgumentException(
            "hparam '" + name + "' is " + (v == null ? "null" : "a " + v.getClass().getName())
                + "; values must be a Number, a String or a Boolean");
      }
      sorted.add(Map.entry(name.getBytes(StandardCharsets.UTF_8), h.build()));
    }
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
    Hparams.Builder out = Hparams.newBuilder();
    for (Map.Entry<byte[], Hparam> e : sorted) {
      out.addHparams(e.getValue());
    }
    if (metricTags != null) {
      for (String tag : metricTags) {
        Names.check("metric tag", tag);
        out.addMetricTags(tag);
      }
    }
    return out.build().toByteArray();
  }
}
