package org.visualdl.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.visualdl.sdk.internal.CurvesTest.assertMessage;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.Hparam;
import org.visualdl.proto.Hparams;

class HparamsPayloadTest {
  @Test
  void typesAndOrder() throws Exception {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("optimizer", "adam");
    h.put("lr", 0.01);
    h.put("layers", 3);
    h.put("batch", 64L);
    h.put("bn", false);
    h.put("scale", new BigDecimal("1.5"));
    h.put("\u00e9t\u00e9", ""); // sorts after ASCII by UTF-8 bytes
    h.put("Z", 0.0f);
    Hparams p = Hparams.parseFrom(HparamsPayload.encode(h, List.of("train/loss", "acc")));
    assertEquals(List.of("Z", "batch", "bn", "layers", "lr", "optimizer", "scale", "\u00e9t\u00e9"),
        p.getHparamsList().stream().map(Hparam::getName).toList());
    assertEquals(Hparam.ValueCase.NUMBER, p.getHparams(0).getValueCase()); // 0.0 is stored
    assertEquals(64.0, p.getHparams(1).getNumber());
    assertEquals(Hparam.ValueCase.FLAG, p.getHparams(2).getValueCase());
    assertEquals(false, p.getHparams(2).getFlag());
    assertEquals(3.0, p.getHparams(3).getNumber());
    assertEquals("adam", p.getHparams(5).getText());
    assertEquals(1.5, p.getHparams(6).getNumber());
    assertEquals(Hparam.ValueCase.TEXT, p.getHparams(7).getValueCase());
    assertEquals(List.of("train/loss", "acc"), p.getMetricTagsList());
  }

  @Test
  void bytesDoNotDependOnMapOrder() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("b", 1);
    a.put("a", "x");
    Map<String, Object> b = new HashMap<>();
    b.put("a", "x");
    b.put("b", 1.0);
    assertArrayEquals(HparamsPayload.encode(a, null), HparamsPayload.encode(b, List.of()));
  }

  @Test
  void badArguments() {
    assertMessage("hparams are empty", () -> HparamsPayload.encode(Map.of(), List.of()));
    assertMessage("hparams are empty", () -> HparamsPayload.encode(null, List.of()));
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("lr", null);
    assertMessage("hparam 'lr' is null", () -> HparamsPayload.encode(nulls, null));
    assertMessage("an hparam has an empty name", () -> HparamsPayload.encode(Map.of("", 1), null));
    assertMessage("hparam 'lr' is NaN",
        () -> HparamsPayload.encode(Map.of("lr", Double.NaN), null));
    assertMessage("values must be a Number, a String or a Boolean",
        () -> HparamsPayload.encode(Map.of("opt", List.of(1)), null));
    assertMessage("metric tag is empty",
        () -> HparamsPayload.encode(Map.of("lr", 1), List.of("")));
  }
}
