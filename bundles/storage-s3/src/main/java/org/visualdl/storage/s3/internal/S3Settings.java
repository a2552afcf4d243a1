package org.visualdl.storage.s3.internal;

import java.util.Map;
import java.util.Properties;

/**
 * The S3 backend's settings, each from (highest first) the component configuration (PID
 * {@code org.visualdl.storage.s3}, key without prefix), the system property
 * {@code visualdl.s3.<name>}, then the AWS environment variable where one exists.
 *
 * @param endpoint {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}; null for AWS itself
 * @param region {@code AWS_REGION}; null lets the SDK's chain decide (profile, instance)
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}); default true exactly
 *     when an endpoint is set (MinIO, Ceph, S3Proxy)
 * @param profile a profile of {@code ~/.aws/credentials} / {@code config}; null: the SDK's chain
 * @param accessKeyId static credentials, else the SDK's chain ({@code AWS_ACCESS_KEY_ID}, ...)
 * @param segmentIntervalMs least time between two segment objects of one writer
 * @param pageSize keys per listing page ({@code max-keys}, S3 allows at most 1000)
 * @param checksumsWhenRequired send and check checksums only where S3 requires them (older
 *     S3-compatible stores reject the SDK's default trailing checksums)
 */
record S3Settings(String endpoint, String region, boolean pathStyle, String profile,
    String accessKeyId, String secretAccessKey, long segmentIntervalMs, int pageSize,
    boolean checksumsWhenRequired, int readAheadBytes) {

  static final String PREFIX = "visualdl.s3.";

  static S3Settings from(Map<String, ?> component, Properties system, Map<String, String> env) {
    Lookup l = new Lookup(component, system);
    String endpoint = l.get("endpoint", firstNonBlank(env.get("AWS_ENDPOINT_URL_S3"),
        env.get("AWS_ENDPOINT_URL"), system.getProperty("aws.endpointUrl")));
    String region = l.get("region", firstNonBlank(env.get("AWS_REGION"),
        system.getProperty("aws.region")));
    boolean pathStyle = Boolean.parseBoolean(l.get("pathStyle", String.valueOf(endpoint != null)));
    return new S3Settings(endpoint, region, pathStyle, l.get("profile", null),
        l.get("accessKeyId", null), l.get("secretAccessKey", null),
        Long.parseLong(l.get("segmentIntervalMs", "5000")),
        Math.max(1, Math.min(1000, Integer.parseInt(l.get("pageSize", "1000")))),
        Boolean.parseBoolean(l.get("checksumsWhenRequired", "false")),
        Integer.parseInt(l.get("readAheadBytes", String.valueOf(8 << 20))));
  }

  private record Lookup(Map<String, ?> component, Properties system) {
    String get(String name, String fallback) {
      Object v = component.get(name);
      if (v == null) {
        v = component.get(PREFIX + name);
      }
      if (v == null) {
        v = system.getProperty(PREFIX + name);
      }
      String s = v == null ? null : v.toString().strip();
      return s == null || s.isEmpty() ? fallback : s;
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
