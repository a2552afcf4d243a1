package org.visualdl.api.frontend;

import java.util.Objects;

/**
 * A query parameter of a route.
 *
 * @param name the parameter's name
 * @param type how its value must parse
 * @param required whether a request without it is rejected with 400
 */
public record Param(String name, ParamType type, boolean required) {
  public Param {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static Param required(String name, ParamType type) {
    return new Param(name, type, true);
  }

  public static Param optional(String name, ParamType type) {
    return new Param(name, type, false);
  }
}
