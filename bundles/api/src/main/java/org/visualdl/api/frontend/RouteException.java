package org.visualdl.api.frontend;

/** Ends a request with an error status and a message the user can act on. */
public class RouteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error statuses a route may answer with. */
  public enum Status {
    BAD_REQUEST(400),
    NOT_FOUND(404),
    CONFLICT(409),
    UNAVAILABLE(503);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final Status status;

  public RouteException(Status status, String message) {
    super(message);
    this.status = status;
  }

  public Status status() {
    return status;
  }

  public static RouteException notFound(String message) {
    return new RouteException(Status.NOT_FOUND, message);
  }

  public static RouteException badRequest(String message) {
    return new RouteException(Status.BAD_REQUEST, message);
  }

  /** The 404 for a {@code run} parameter that names no run: {@code no run named 'x'}. */
  public static RouteException noSuchRun(String run) {
    return notFound("no run named '" + run + "'");
  }

  /** The 404 for a tag of a run that holds no data of the plugin's kind. */
  public static RouteException noSuchTag(String run, String tag) {
    return notFound("run '" + run + "' has no tag '" + tag + "' of this kind");
  }
}
