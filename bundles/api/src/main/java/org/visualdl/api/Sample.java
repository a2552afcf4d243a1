package org.visualdl.api;

/**
 * One record of a <em>samples</em> tablet: a small payload kept in memory (a histogram, a text, a
 * PR curve, an hparams record). The payload is encoded in the schema of the tablet's kind; the
 * plugin that shows the kind decodes it and checks {@code payloadVersion} first.
 *
 * <pre>{@code
 * for (Sample s : store.samples(run, tag, HISTOGRAM).orElseThrow()) {
 *   if (s.payloadVersion() > 1) continue;            // written by a newer SDK
 *   Histogram h = Histogram.parseFrom(s.payload());  // the kind's payload schema
 * }
 * }</pre>
 *
 * @param step the step it was written at
 * @param wallTimeMs when it was written, milliseconds since the epoch
 * @param payloadVersion the version of the kind's payload schema the bytes follow
 * @param payload the encoded payload; do not modify
 */
public record Sample(long step, long wallTimeMs, int payloadVersion, byte[] payload) {}
