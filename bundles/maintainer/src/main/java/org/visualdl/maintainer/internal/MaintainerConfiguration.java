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
          "Comma-separated log directories, each 'location' or 'name:location', where a location is"
              + " a path, file:/path, hdfs://namenode:port/path or s3://bucket/prefix. A location"
              + " that is a file"
              + " (such as a model file) is served alone as the run 'name'. Empty: the"
              + " framework property visualdl.logdir.")
  String logdir() default "";

  @AttributeDefinition(
      name = "Poll interval (ms)",
      description =
          "How often local log directories are scanned for new runs, files and points. File-system"
              + " events trigger a scan sooner where the platform has them.")
  long pollIntervalMs() default 1000;

  @AttributeDefinition(
      name = "Remote poll interval (ms)",
      description =
          "How often log directories on remote storage (hdfs://, s3://, ...) are listed: one"
              + " listing per directory per poll. A directory that cannot be listed is tried"
              + " again after twice the interval each time, up to a minute.")
  long remotePollIntervalMs() default 5000;

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

  @AttributeDefinition(
      name = "Samples kept per tag",
      description =
          "Steps kept of each tablet of samples (histograms, texts, PR curves, ...), spread over"
              + " the steps, the newest always kept; keptPerKind overrides it per kind.")
  int samplesPerTag() default 1000;

  @AttributeDefinition(
      name = "Blobs kept per tag",
      description =
          "Steps kept of each tablet of blobs (images, audio, embeddings, plugin data); the"
              + " blobs of one step count once; keptPerKind overrides it per kind.")
  int blobsPerTag() default 1000;

  @AttributeDefinition(
      name = "Steps kept per kind",
      description =
          "Overrides of the two limits above by kind: comma-separated kind:count, for example"
              + " image:500,embedding:50,histogram:2000.")
  String keptPerKind() default SampleLimits.DEFAULT_PER_KIND;
}
