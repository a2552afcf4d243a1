package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Which file a path named when it was read: its file key (device and inode on Unix), or its
 * creation time where the file system has no key, and the size read up to then. Another file
 * under the same name (rename over it, delete and copy) has another identity; a file cut below
 * that size is not the same file either.
 */
record FileIdentity(Object fileKey, FileTime created, long size) {

  /** The identity of the file at the path now, or null when it cannot be read. */
  static FileIdentity of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileIdentity(a.fileKey(), a.creationTime(), a.size());
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether the other identity names the same file (sizes aside). */
  boolean sameFile(FileIdentity other) {
    if (other == null) {
      return false;
    }
    if (fileKey != null || other.fileKey != null) {
      return java.util.Objects.equals(fileKey, other.fileKey);
    }
    return java.util.Objects.equals(created, other.created);
  }

  /** Whether the path still names this file and holds at least the bytes read from it. */
  boolean stillMatches(Path file) {
    FileIdentity now = of(file);
    return sameFile(now) && now.size() >= size;
  }
}
