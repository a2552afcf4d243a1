package org.visualdl.storage.s3.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.visualdl.api.storage.RequestCounters;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageWriter;
import org.visualdl.storage.s3.internal.S3Segments.Segment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code s3://bucket/prefix} log directories through the AWS SDK for Java 2.x S3 client (with the
 * JDK's URLConnection HTTP client), embedded in this bundle. The client is built on first use,
 * so activating the component costs nothing. Files written here grow by segment objects (see
 * {@link S3Segments}); plain objects uploaded by other tools are read as they are.
 */
@Component(
    service = StorageBackend.class,
    configurationPid = S3Backend.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = StorageBackend.SCHEMES_PROPERTY + "=s3")
public final class S3Backend implements StorageBackend {

  public static final String PID = "org.visualdl.storage.s3";

  private final Map<String, Object> properties;
  /** Each file's objects as the latest listing saw them, so sources need no request of their own. */
  final Map<URI, List<Segment>> listedFiles = new ConcurrentHashMap<>();
  private volatile S3Settings settings;
  private volatile S3Client client;
  private volatile ScheduledExecutorService uploads;
  final RequestCounters counters = new RequestCounters();

  /** For {@link java.util.ServiceLoader}: settings from system properties and the environment. */
  public S3Backend() {
    this(Map.of());
  }

  @Activate
  public S3Backend(Map<String, Object> properties) {
    this.properties = Map.copyOf(properties);
  }

  @Deactivate
  public synchronized void close() {
    if (uploads != null) {
      uploads.shutdown();
      uploads = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public List<FileStat> list(URI root) throws IOException {
    String bucket = bucket(root);
    String prefix = key(root);
    String listPrefix = prefix.isEmpty() ? "" : prefix + "/";
    Map<String, List<Segment>> files = new LinkedHashMap<>();
    call(root, () -> {
      String token = null;
      do {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket)
            .prefix(listPrefix).maxKeys(settings().pageSize());
        if (token != null) {
          request.continuationToken(token);
        }
        counters.list.increment();
        ListObjectsV2Response page = client().listObjectsV2(request.build());
        for (S3Object o : page.contents()) {
          if (o.key().endsWith("/")) {
            continue; // a "folder" marker made by consoles
          }
          String fileKey = S3Segments.fileKeyOf(o.key());
          long modified = o.lastModified() == null ? 0 : o.lastModified().toEpochMilli();
          if (fileKey == null) {
            files.computeIfAbsent(o.key(), k -> new ArrayList<>())
                .add(new Segment(o.key(), 0, o.size(), o.eTag(), modified));
          } else {
            files.computeIfAbsent(fileKey, k -> new ArrayList<>()).add(new Segment(o.key(),
                S3Segments.startOf(o.key()), o.size(), o.eTag(), modified));
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
      return null;
    });
    List<FileStat> out = new ArrayList<>(files.size());
    files.forEach((fileKey, objects) -> {
      List<Segment> segments = objects.size() == 1 && objects.get(0).key().equals(fileKey)
          ? objects : S3Segments.contiguous(objects.stream()
              .filter(s -> !s.key().equals(fileKey)).toList());
      if (segments.isEmpty()) {
        return;
      }
      URI uri = uri(bucket, fileKey);
      listedFiles.put(uri, segments);
      out.add(stat(uri, fileKey.substring(listPrefix.length()), segments));
    });
    return out;
  }

  /**
   * Since this backend started: {@code list} (ListObjectsV2 pages), {@code stat} (HeadObject),
   * {@code get} (ranged GetObject), {@code put} (PutObject, one per segment), {@code delete},
   * {@code bytesRead} (bytes received by GETs), {@code bytesWritten} (bytes sent by PUTs),
   * {@code errors} (failed requests; a 404 for a key is an answer, not an error).
   */
  @Override
  public Map<String, Long> counters() {
    return counters.snapshot();
  }

  @Override
  public FileStat stat(URI file) throws IOException {
    List<Segment> segments = fetchSegments(file);
    if (segments.isEmpty()) {
      throw new NoSuchFileException(file.toString(), null, "no such object");
    }
    String key = key(file);
    return stat(file, key.substring(key.lastIndexOf('/') + 1), segments);
  }

  @Override
  public SeekableByteSource open(URI file) throws IOException {
    bucket(file);
    return new S3Source(this, file);
  }

  @Override
  public StorageWriter create(URI file) throws IOException {
    if (!fetchSegments(file).isEmpty()) {
      throw new FileAlreadyExistsException(file.toString(), null, "already exists on S3");
    }
    return new S3SegmentWriter(this, file, 0);
  }

  @Override
  public StorageWriter append(URI file) throws IOException {
    List<Segment> segments = fetchSegments(file);
    if (segments.size() == 1 && segments.get(0).key().equals(key(file))) {
      throw new IOException("cannot append to " + file + ": it is a plain S3 object, not one "
          + "written in segments by VisualDL; write a new file instead");
    }
    return new S3SegmentWriter(this, file, S3Segments.length(segments));
  }

  @Override
  public void delete(URI file) throws IOException {
    String bucket = bucket(file);
    for (Segment s : fetchSegments(file)) {
      call(file, () -> {
        counters.delete.increment();
        return client().deleteObject(b -> b.bucket(bucket).key(s.key()));
      });
    }
    listedFiles.remove(file);
  }

  /** A file's objects now: the plain object, else its segments (one or two requests). */
  List<Segment> fetchSegments(URI file) throws IOException {
    String bucket = bucket(file);
    String key = key(file);
    List<Segment> found = new ArrayList<>();
    try {
      HeadObjectResponse head = call(file, () -> {
        counters.stat.increment();
        return client().headObject(b -> b.bucket(bucket).key(key));
      });
      found.add(new Segment(key, 0, head.contentLength(), head.eTag(),
          head.lastModified() == null ? 0 : head.lastModified().toEpochMilli()));
    } catch (NoSuchFileException e) {
      call(file, () -> {
        String token = null;
        do {
          ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket)
              .prefix(key + S3Segments.SUFFIX).maxKeys(settings().pageSize());
          if (token != null) {
            request.continuationToken(token);
          }
          counters.list.increment();
          ListObjectsV2Response page = client().listObjectsV2(request.build());
          for (S3Object o : page.contents()) {
            if (key.equals(S3Segments.fileKeyOf(o.key()))) {
              found.add(new Segment(o.key(), S3Segments.startOf(o.key()), o.size(), o.eTag(),
                  o.lastModified() == null ? 0 : o.lastModified().toEpochMilli()));
            }
          }
          token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return null;
      });
    }
    List<Segment> segments = found.size() == 1 && found.get(0).key().equals(key) ? found
        : S3Segments.contiguous(found);
    if (!segments.isEmpty()) {
      listedFiles.put(file, segments);
    }
    return segments;
  }

  void putSegment(URI file, long start, byte[] bytes, int length) throws IOException {
    String bucket = bucket(file);
    String segmentKey = S3Segments.segmentKey(key(file), start);
    call(file, () -> {
      counters.put.increment();
      return client().putObject(b -> b.bucket(bucket).key(segmentKey),
          RequestBody.fromBytes(length == bytes.length ? bytes
              : java.util.Arrays.copyOf(bytes, length)));
    });
    counters.bytesWritten.add(length);
  }

  S3Client client() {
    S3Client c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = buildClient(settings());
        }
        c = client;
      }
    }
    return c;
  }

  S3Settings settings() {
    S3Settings s = settings;
    if (s == null) {
      s = S3Settings.from(properties, System.getProperties(), System.getenv());
      settings = s;
    }
    return s;
  }

  synchronized ScheduledExecutorService uploads() {
    if (uploads == null) {
      uploads = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "visualdl-s3-segments");
        t.setDaemon(true);
        return t;
      });
    }
    return uploads;
  }

  private static S3Client buildClient(S3Settings s) {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    // The SDK finds its interceptors and services through the context class loader; inside
    // OSGi they are in this bundle.
    t.setContextClassLoader(S3Backend.class.getClassLoader());
    try {
      S3ClientBuilder b = S3Client.builder()
          .httpClient(UrlConnectionHttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(5))
              .socketTimeout(Duration.ofSeconds(60))
              .build())
          .forcePathStyle(s.pathStyle())
          .credentialsProvider(credentials(s))
          .region(region(s));
      if (s.endpoint() != null) {
        b.endpointOverride(URI.create(s.endpoint()));
      }
      if (s.checksumsWhenRequired()) {
        b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      }
      return b.build();
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private static AwsCredentialsProvider credentials(S3Settings s) {
    if (s.accessKeyId() != null && s.secretAccessKey() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
    }
    if (s.profile() != null) {
      return ProfileCredentialsProvider.create(s.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static Region region(S3Settings s) {
    if (s.region() != null) {
      return Region.of(s.region());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkException e) {
      // An S3-compatible store at an endpoint rarely cares; AWS redirects a wrong region.
      return Region.US_EAST_1;
    }
  }

  private static FileStat stat(URI uri, String relativePath, List<Segment> segments) {
    Segment first = segments.get(0);
    long modified = segments.stream().mapToLong(Segment::modifiedMs).max().orElse(0);
    String key = "s3:" + S3Segments.fileKeyOf(first.key()) + "@" + first.eTag();
    if (S3Segments.fileKeyOf(first.key()) == null) {
      key = "s3:" + first.key() + "@" + first.eTag();
    }
    return new FileStat(uri, relativePath, S3Segments.length(segments), modified, key);
  }

  static String bucket(URI uri) throws IOException {
    if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getAuthority() == null) {
      throw new IOException("not an S3 URI: " + uri + " (expected s3://bucket/prefix)");
    }
    return uri.getAuthority();
  }

  static String key(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  static URI uri(String bucket, String key) {
    try {
      return new URI("s3", bucket, "/" + key, null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  interface SdkCall<T> {
    T run() throws IOException;
  }

  <T> T call(URI uri, SdkCall<T> body) throws IOException {
    try {
      return body.run();
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri.toString(), null, "no such object");
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        throw new NoSuchFileException(uri.toString(), null, "no such object");
      }
      counters.errors.increment();
      throw S3Errors.translate(e, uri, settings().endpoint());
    } catch (SdkException e) {
      counters.errors.increment();
      throw S3Errors.translate(e, uri, settings().endpoint());
    } catch (IOException | RuntimeException e) {
      counters.errors.increment();
      throw e;
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
