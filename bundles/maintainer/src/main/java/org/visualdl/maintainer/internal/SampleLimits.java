package org.visualdl.maintainer.internal;

/** How many records of each heavy kind one tablet keeps. */
record SampleLimits(int histograms, int images, int embeddings, int texts, int pluginData) {
  static final SampleLimits DEFAULTS = new SampleLimits(1000, 500, 50, 1000, 1000);
}
