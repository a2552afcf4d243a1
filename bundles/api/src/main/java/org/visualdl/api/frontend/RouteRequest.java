package org.visualdl.api.frontend;

import java.util.Optional;

/** The validated parameters of a request. Accessors of absent optional parameters fall back. */
public interface RouteRequest {

  /** The value of a required parameter, or of an optional one that is present. */
  String string(String name);

  Optional<String> optional(String name);

  long longValue(String name, long fallback);

  int intValue(String name, int fallback);

  double doubleValue(String name, double fallback);

  boolean booleanValue(String name, boolean fallback);
}
