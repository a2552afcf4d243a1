/**
 * Helpers for the readers of log formats (the format bundles and the storage bundle's own
 * {@code RecordLogFormat}), not for plugins: batching of scalar points before they reach a
 * {@link org.visualdl.api.format.RecordSink}, and the packing of a blob's place in a file into the
 * {@code long} locator the sink keeps. Only format bundles import it; plugins see
 * {@code org.visualdl.api} only (ARCHITECTURE.md).
 */
@Export
@Version("1.0.0")
package org.visualdl.storage.format;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
