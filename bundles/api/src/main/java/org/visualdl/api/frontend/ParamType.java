package org.visualdl.api.frontend;

/** How a parameter's value must parse. */
public enum ParamType {
  /** Any text up to 4096 characters without control characters. */
  STRING,
  /** A 64-bit signed integer. */
  LONG,
  /** A 32-bit signed integer. */
  INT,
  /** A finite decimal number. */
  DOUBLE,
  /** {@code true} or {@code false}. */
  BOOLEAN
}
