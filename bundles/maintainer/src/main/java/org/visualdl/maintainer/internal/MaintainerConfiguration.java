package org.visualdl.maintainer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
    name = "VisualDL Information Maintainer",
    description = "Which log directories are served, how often they are read, and what is kept.")
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
      description =
          "How often the log directories are scanned for new runs, files and points. File-system"
              + " events trigger a scan sooner where the platform has them.")
  long pollIntervalMs() default 1000;

  @AttributeDefinition(
      name = "Loader threads",
      description = "Threads that read runs in parallel; 0 means one per processor.")
  int loaderThreads() default 0;

  @AttributeDefinition(
      name = "Memory budget (MB)",
      description =
          "The most heap the store may take. At 80% a warning is logged; at 100% no new data is"
              + " loaded (everything loaded stays served) until the server restarts with more"
              + " heap. 0 means 75% of the JVM's maximum heap.")
  long memoryBudgetMb() default 0;

  @AttributeDefinition(name = "Histograms kept per tag")
  int histogramSamples() default 1000;

  @AttributeDefinition(name = "Images kept per tag")
  int imageSamples() default 500;

  @AttributeDefinition(name = "Embeddings kept per tag")
  int embeddingSamples() default 50;

  @AttributeDefinition(name = "Texts kept per tag")
  int textSamples() default 1000;

  @AttributeDefinition(name = "Plugin data records kept per tag")
  int pluginDataSamples() default 1000;
}
