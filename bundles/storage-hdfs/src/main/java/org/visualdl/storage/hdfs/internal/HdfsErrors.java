package org.visualdl.storage.hdfs.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.security.AccessControlException;

/** Hadoop's multi-line exceptions as the one-line ones the SPI promises. */
final class HdfsErrors {

  private HdfsErrors() {}

  static IOException translate(IOException e, URI uri) {
    String where = uri.toString();
    if (e instanceof NoSuchFileException || e instanceof AccessDeniedException
        || e instanceof FileAlreadyExistsException) {
      return e;
    }
    if (e instanceof FileNotFoundException
        || e.getClass().getName().endsWith("LeaseExpiredException")) {
      return new NoSuchFileException(where, null, "no such file or folder on HDFS");
    }
    if (e instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
      return new FileAlreadyExistsException(where, null, "already exists on HDFS");
    }
    if (e instanceof AccessControlException) {
      return new AccessDeniedException(where, null, "HDFS denied access ("
          + firstLine(e.getMessage()) + "): check HADOOP_USER_NAME or the folder's permissions");
    }
    Throwable cause = rootCause(e);
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
        || cause instanceof SocketTimeoutException || cause instanceof UnknownHostException
        || e instanceof ConnectException) {
      IOException out = new IOException("HDFS NameNode " + uri.getAuthority() + " unreachable ("
          + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage())
          + "): check the URI, fs.defaultFS and HADOOP_CONF_DIR", e);
      return out;
    }
    return new IOException("HDFS " + where + ": " + e.getClass().getSimpleName() + ": "
        + firstLine(e.getMessage()), e);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    for (int i = 0; i < 10 && c.getCause() != null && c.getCause() != c; i++) {
      if (c instanceof ConnectException || c instanceof UnknownHostException) {
        return c;
      }
      c = c.getCause();
    }
    return c;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    String s = message.strip();
    int nl = s.indexOf('\n');
    s = nl < 0 ? s : s.substring(0, nl);
    int more = s.indexOf(" For more details see:");
    s = more < 0 ? s : s.substring(0, more);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
