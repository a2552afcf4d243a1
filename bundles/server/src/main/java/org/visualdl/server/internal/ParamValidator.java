package org.visualdl.server.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;

/**
 * Checks a request's query parameters against a route's declaration. Numbers are strict: ASCII
 * digits with an optional leading minus (and, for decimals, a fraction and an exponent); no plus
 * sign, no spaces, no other scripts' digits, no {@code NaN}, hex or type suffixes, which Java's
 * own parsers would accept.
 */
final class ParamValidator {
  static final int MAX_STRING = 4096;
  private static final java.util.regex.Pattern INTEGER =
      java.util.regex.Pattern.compile("-?[0-9]{1,19}");
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("-?([0-9]{1,400}(\\.[0-9]{0,400})?|\\.[0-9]{1,400})([eE]-?[0-9]{1,4})?");

  private ParamValidator() {}

  /**
   * Validates the parameters.
   *
   * @param query parameter name to all its values, as the servlet container parsed them
   * @throws RouteException (400) naming the parameter and what is wrong
   */
  static RouteRequest validate(Route route, Map<String, String[]> query) {
    Map<String, String> values = new HashMap<>();
    for (Param p : route.params()) {
      String[] given = query.get(p.name());
      if (given == null || given.length == 0) {
        if (p.required()) {
          throw RouteException.badRequest("missing parameter '" + p.name() + "'");
        }
        continue;
      }
      if (given.length > 1) {
        throw RouteException.badRequest("parameter '" + p.name() + "' is given more than once");
      }
      String v = given[0];
      check(p, v);
      values.put(p.name(), v);
    }
    return new Validated(values);
  }

  private static void check(Param p, String v) {
    switch (p.type()) {
      case STRING -> {
        if (v.length() > MAX_STRING) {
          throw RouteException.badRequest(
              "parameter '" + p.name() + "' is longer than " + MAX_STRING + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
          if (Character.isISOControl(v.charAt(i))) {
            throw RouteException.badRequest(
                "parameter '" + p.name() + "' holds a control character");
          }
        }
      }
      case LONG -> {
        try {
          requireMatch(INTEGER, v);
          Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw RouteException.badRequest(
              "parameter '" + p.name() + "' must be an integer, was '" + shorten(v) + "'");
        }
      }
      case INT -> {
        try {
          requireMatch(INTEGER, v);
          Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw RouteException.badRequest(
              "parameter '" + p.name() + "' must be a 32-bit integer, was '" + shorten(v) + "'");
        }
      }
      case DOUBLE -> {
        double d;
        try {
          requireMatch(DECIMAL, v);
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw RouteException.badRequest(
              "parameter '" + p.name() + "' must be a number, was '" + shorten(v) + "'");
        }
        if (!Double.isFinite(d)) {
          throw RouteException.badRequest("parameter '" + p.name() + "' must be finite");
        }
      }
      case BOOLEAN -> {
        if (!v.equals("true") && !v.equals("false")) {
          throw RouteException.badRequest(
              "parameter '" + p.name() + "' must be true or false, was '" + shorten(v) + "'");
        }
      }
    }
  }

  private static void requireMatch(java.util.regex.Pattern p, String v) {
    if (!p.matcher(v).matches()) {
      throw new NumberFormatException("not ASCII digits with an optional minus sign");
    }
  }

  private static String shorten(String v) {
    String s = v.length() > 40 ? v.substring(0, 40) + "..." : v;
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private record Validated(Map<String, String> values) implements RouteRequest {
    @Override
    public String string(String name) {
      String v = values.get(name);
      if (v == null) {
        throw RouteException.badRequest("missing parameter '" + name + "'");
      }
      return v;
    }

    @Override
    public Optional<String> optional(String name) {
      return Optional.ofNullable(values.get(name));
    }

    @Override
    public long longValue(String name, long fallback) {
      String v = values.get(name);
      return v == null ? fallback : Long.parseLong(v);
    }

    @Override
    public int intValue(String name, int fallback) {
      String v = values.get(name);
      return v == null ? fallback : Integer.parseInt(v);
    }

    @Override
    public double doubleValue(String name, double fallback) {
      String v = values.get(name);
      return v == null ? fallback : Double.parseDouble(v);
    }

    @Override
    public boolean booleanValue(String name, boolean fallback) {
      String v = values.get(name);
      return v == null ? fallback : Boolean.parseBoolean(v);
    }
  }
}
