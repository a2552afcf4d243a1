/**
 * The Java SDK: {@link org.visualdl.sdk.LogWriter} logs what a training program wants to watch.
 *
 * <pre>{@code
 * try (LogWriter log = LogWriter.open(Path.of("logs/exp1/train"))) {
 *   for (long step = 0; step < 1000; step++) {
 *     log.addScalar("train/loss", step, loss(step));
 *   }
 * }
 * }</pre>
 */
@Export
@Version("1.3.0")
package org.visualdl.sdk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
