/**
 * Where log files live: a storage backend SPI, so the Information Maintainer, the format readers
 * and the Java SDK reach files only through URIs and never know the file system underneath.
 *
 * <p>A log directory is a URI: {@code /path} or {@code file:/path} (the local file system),
 * {@code hdfs://namenode:8020/path}, {@code s3://bucket/prefix}. A {@link
 * org.visualdl.api.storage.StorageBackend} serves one or more URI schemes; the local file system
 * is one backend (bundle {@code org.visualdl.storage}), HDFS and S3 are bundles of their own that
 * embed their clients. {@link org.visualdl.api.storage.StorageResolver} picks the backend for a
 * URI, from OSGi services or, without OSGi, from {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * StorageResolver storage = StorageResolver.fromServiceLoader();
 * URI logdir = StorageResolver.toUri("s3://bucket/logs");
 * StorageBackend backend = storage.backendFor(logdir);
 * for (FileStat f : backend.list(logdir)) {           // one listing per poll
 *   try (SeekableByteSource in = backend.open(f.uri())) {
 *     int n = in.read(lastOffset, buffer, 0, buffer.length);   // only the new bytes
 *   }
 * }
 * }</pre>
 */
@Export
@Version("1.1.0")
package org.visualdl.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
