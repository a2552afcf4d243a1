package org.visualdl.api.frontend;

/** Computes a route's answer. */
@FunctionalInterface
public interface RouteHandler {
  /**
   * Answers a request whose parameters were already validated.
   *
   * @return an object the server serialises as JSON (records, maps, lists, arrays, strings,
   *     numbers), or a {@link BinaryResult} sent as it is
   * @throws RouteException to answer with an error status
   */
  Object handle(RouteRequest request);
}
