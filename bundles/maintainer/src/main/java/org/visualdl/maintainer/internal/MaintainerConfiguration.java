package org.visualdl.maintainer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
    name = "VisualDL Information Maintainer",
    description = "Which log directories are served and how often they are read for new data.")
public @interface MaintainerConfiguration {
  String PID = "org.visualdl.maintainer";

  @AttributeDefinition(
      name = "Log directories",
      description =
          "Comma-separated log directories, each 'path' or 'name:path'. Empty: the framework"
              + " property visualdl.logdir.")
  String logdir() default "";

  @AttributeDefinition(
      name = "Poll interval (ms)",
      description = "How often the log directories are scanned for new runs, files and points.")
  long pollIntervalMs() default 1000;
}
