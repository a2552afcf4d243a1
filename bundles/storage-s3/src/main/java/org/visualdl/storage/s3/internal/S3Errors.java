package org.visualdl.storage.s3.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The SDK's exceptions as the one-line IOExceptions the SPI promises. */
final class S3Errors {

  private S3Errors() {}

  static IOException translate(SdkException e, URI uri, String endpoint) {
    String bucket = uri.getAuthority();
    if (e instanceof NoSuchBucketException) {
      return new NoSuchFileException(uri.toString(), null,
          "no such bucket '" + bucket + "': create it or fix the URI");
    }
    if (e instanceof NoSuchKeyException) {
      return new NoSuchFileException(uri.toString(), null, "no such object");
    }
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if ("NoSuchBucket".equals(code)) {
        return new NoSuchFileException(uri.toString(), null,
            "no such bucket '" + bucket + "': create it or fix the URI");
      }
      if (status == 404) {
        return new NoSuchFileException(uri.toString(), null, "no such object");
      }
      if (status == 403 || status == 401 || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return new AccessDeniedException(uri.toString(), null, "S3 refused the request ("
            + (code == null ? "HTTP " + status : code) + "): check AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY, the profile, or the bucket's policy");
      }
      return new IOException("S3 " + uri + ": " + (code == null ? "HTTP " + status : code) + " "
          + oneLine(s3.awsErrorDetails() == null ? s3.getMessage()
              : s3.awsErrorDetails().errorMessage()), e);
    }
    if (e instanceof SdkClientException) {
      String message = oneLine(e.getMessage());
      if (message.contains("credentials") || message.contains("Credentials")) {
        return new AccessDeniedException(uri.toString(), null, "no S3 credentials found: set "
            + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or a profile (AWS_PROFILE)");
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new IOException("S3 endpoint " + (endpoint == null ? "(AWS)" : endpoint)
          + " unreachable for " + uri + " (" + root.getClass().getSimpleName() + ": "
          + oneLine(root.getMessage()) + "): check AWS_ENDPOINT_URL and the network", e);
    }
    return new IOException("S3 " + uri + ": " + oneLine(e.getMessage()), e);
  }

  static String oneLine(String message) {
    if (message == null) {
      return "no message";
    }
    String s = message.strip();
    int nl = s.indexOf('\n');
    s = nl < 0 ? s : s.substring(0, nl);
    int sdk = s.indexOf(" (Service: S3");
    s = sdk < 0 ? s : s.substring(0, sdk);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
