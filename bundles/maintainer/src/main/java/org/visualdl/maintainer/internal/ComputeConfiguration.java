package org.visualdl.maintainer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
    name = "VisualDL computations",
    description = "The bounded executor that runs computations and the cache of their results.")
public @interface ComputeConfiguration {
  String PID = "org.visualdl.maintainer.compute";

  @AttributeDefinition(name = "Threads", description = "0 means one per processor, at least 1.")
  int threads() default 0;

  @AttributeDefinition(
      name = "Queue length",
      description = "Computations waiting beyond this many are refused (failed at once).")
  int queueLength() default 256;

  @AttributeDefinition(name = "Cached results", description = "Finished results kept, least recently asked first out.")
  int cachedResults() default 256;

  @AttributeDefinition(
      name = "Abandon after (ms)",
      description = "Queued or running work that nobody asked about for this long is cancelled.")
  long abandonAfterMs() default 30_000;
}
