package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;

class ParamValidatorTest {
  final Route route =
      Route.get(
          "series",
          List.of(
              Param.required("run", ParamType.STRING),
              Param.optional("points", ParamType.INT),
              Param.optional("start", ParamType.LONG),
              Param.optional("scale", ParamType.DOUBLE),
              Param.optional("log", ParamType.BOOLEAN)),
          r -> null);

  private RouteException rejected(Map<String, String[]> query) {
    RouteException e =
        assertThrows(RouteException.class, () -> ParamValidator.validate(route, query));
    assertEquals(RouteException.Status.BAD_REQUEST, e.status());
    return e;
  }

  @Test
  void acceptsValidValuesAndFallsBackForAbsentOnes() {
    RouteRequest r =
        ParamValidator.validate(
            route,
            Map.of("run", new String[] {"a/b"}, "points", new String[] {"10"},
                "log", new String[] {"true"}, "ignored", new String[] {"x"}));
    assertEquals("a/b", r.string("run"));
    assertEquals(10, r.intValue("points", 5));
    assertEquals(-1, r.longValue("start", -1));
    assertEquals(0.5, r.doubleValue("scale", 0.5));
    assertTrue(r.booleanValue("log", false));
    assertTrue(r.optional("ignored").isEmpty());
  }

  @Test
  void rejectsMissingRepeatedAndMalformedValuesNamingTheParameter() {
    assertTrue(rejected(Map.of()).getMessage().contains("'run'"));
    assertTrue(rejected(Map.of("run", new String[] {"a", "b"})).getMessage().contains("more than once"));
    assertTrue(rejected(Map.of("run", new String[] {"a"}, "points", new String[] {"1e3"})).getMessage().contains("'points'"));
    assertTrue(rejected(Map.of("run", new String[] {"a"}, "points", new String[] {"99999999999"})).getMessage().contains("'points'"));
    assertTrue(rejected(Map.of("run", new String[] {"a"}, "start", new String[] {"x"})).getMessage().contains("'start'"));
    assertTrue(rejected(Map.of("run", new String[] {"a"}, "scale", new String[] {"1e999"})).getMessage().contains("finite"));
    assertTrue(rejected(Map.of("run", new String[] {"a"}, "log", new String[] {"yes"})).getMessage().contains("'log'"));
    assertTrue(rejected(Map.of("run", new String[] {"a\u0000b"})).getMessage().contains("control"));
    assertTrue(rejected(Map.of("run", new String[] {"x".repeat(5000)})).getMessage().contains("longer"));
  }

  @Test
  void numbersAreAsciiDigitsWithAnOptionalMinusOnly() {
    for (String bad :
        new String[] {"+5", "\u0661\u0662\u0663", "\uff15", " 5", "5 ", "0x10", "1_000", "5L", "", "-",
          "--5", "99999999999999999999"}) {
      rejected(Map.of("run", new String[] {"r"}, "start", new String[] {bad}));
      rejected(Map.of("run", new String[] {"r"}, "points", new String[] {bad}));
    }
    for (String bad : new String[] {"+1.5", "NaN", "Infinity", "1.5d", "1.5f", "0x1p3", "1e", ".", "1e+5", "\u0661.5"}) {
      rejected(Map.of("run", new String[] {"r"}, "scale", new String[] {bad}));
    }
    RouteRequest r =
        ParamValidator.validate(
            route,
            Map.of("run", new String[] {"r"}, "start", new String[] {"-12"},
                "points", new String[] {"007"}, "scale", new String[] {"-1.5e-3"}));
    assertEquals(-12, r.longValue("start", 0));
    assertEquals(7, r.intValue("points", 0));
    assertEquals(-0.0015, r.doubleValue("scale", 0), 1e-12);
  }
}
