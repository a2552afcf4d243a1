/**
 * Log formats: how the Information Maintainer reads files written by VisualDL and by other tools.
 *
 * <p>A format bundle registers a {@link org.visualdl.api.format.LogFormat} service. For every file
 * it finds below a log directory, the maintainer asks each registered format whether it
 * {@link org.visualdl.api.format.LogFormat#recognizes recognizes} the file; the first that does
 * opens a {@link org.visualdl.api.format.LogFileReader} for it (reading through the {@link
 * org.visualdl.api.format.LogFile}, never a path, so local, HDFS and S3 log directories read alike) and is called again whenever the
 * file may have grown. The reader delivers what it finds to a
 * {@link org.visualdl.api.format.RecordSink}: tablets, scalar points in batches, and the heavy
 * kinds, whose large bytes stay on disk behind a locator the format reads again on demand.
 * VisualDL's own record files are read through this same contract; a new format is a new bundle.
 */
@Export
@Version("3.0.0")
package org.visualdl.api.format;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
