package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/**
 * The embedding plugin end to end: clusters written with the public SDK, projected by the
 * packaged server (PCA and t-SNE geometry checked through the HTTP route), and the projector UI
 * in headless Chromium with a screenshot under {@code target/screenshots}.
 */
class EmbeddingBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String RUN = "exp";
  static final String TAG = "features";
  static final int CLUSTERS = 5;
  static final int PER_CLUSTER = 120;
  static final int DIMS = 32;

  @TempDir static Path logs;
  @TempDir static Path profile;
  static VisualDLProcess server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Random rnd = new Random(17);
    double[][] centers = new double[CLUSTERS][DIMS];
    for (double[] c : centers) {
      for (int l = 0; l < DIMS; l++) {
        c[l] = 8 * rnd.nextGaussian();
      }
    }
    int n = CLUSTERS * PER_CLUSTER;
    float[][] vectors = new float[n][DIMS];
    List<String> labels = new ArrayList<>();
    List<List<String>> metadata = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % CLUSTERS;
      for (int l = 0; l < DIMS; l++) {
        vectors[i][l] = (float) (centers[c][l] + rnd.nextGaussian());
      }
      labels.add("cluster" + c + "_" + (i / CLUSTERS));
      metadata.add(List.of("c" + c));
    }
    try (LogWriter log = LogWriter.open(logs.resolve(RUN))) {
      log.addEmbedding(TAG, 7, vectors, labels, List.of("cluster"), metadata);
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  static String route(String path, String... params) {
    StringBuilder b = new StringBuilder("/api/plugins/embedding/").append(path)
        .append("?run=").append(RUN).append("&tag=").append(TAG);
    for (int i = 0; i < params.length; i += 2) {
      b.append('&').append(params[i]).append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  /** Polls the projection route until it is done; checks progress never goes backwards. */
  static JsonNode projection(String method, int dims) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    double lastProgress = 0;
    boolean sawPartial = false;
    int runningPolls = 0;
    while (true) {
      JsonNode a = server.json(route("projection", "method", method, "dims", Integer.toString(dims)));
      String status = a.get("status").asText();
      assertTrue(!status.equals("failed"), "projection failed: " + a.path("error").asText());
      if (status.equals("done")) {
        assertEquals(1.0, a.get("progress").asDouble());
        if (method.equals("tsne") && runningPolls >= 5) {
          assertTrue(sawPartial, "t-SNE showed intermediate points while it ran");
        }
        return a;
      }
      double p = a.get("progress").asDouble();
      assertTrue(p >= lastProgress - 1e-9, "progress went from " + lastProgress + " to " + p);
      lastProgress = p;
      sawPartial |= a.get("points").size() > 0;
      runningPolls += status.equals("running") ? 1 : 0;
      assertTrue(System.currentTimeMillis() < deadline, method + " did not finish within 120 s");
      Thread.sleep(200);
    }
  }

  /** The fraction of points nearer to their own cluster's centroid than to any other. */
  static double nearestCentroidAccuracy(JsonNode a, int dims) {
    JsonNode points = a.get("points");
    JsonNode labels = a.get("labels");
    int n = points.size();
    double[][] centroid = new double[CLUSTERS][dims];
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      label[i] = labels.get(i).asText().charAt("cluster".length()) - '0';
      for (int c = 0; c < dims; c++) {
        centroid[label[i]][c] += points.get(i).get(c).asDouble() / PER_CLUSTER;
      }
    }
    int right = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      double bestD = Double.POSITIVE_INFINITY;
      for (int k = 0; k < CLUSTERS; k++) {
        double s = 0;
        for (int c = 0; c < dims; c++) {
          double d = points.get(i).get(c).asDouble() - centroid[k][c];
          s += d * d;
        }
        if (s < bestD) {
          bestD = s;
          best = k;
        }
      }
      right += best == label[i] ? 1 : 0;
    }
    return (double) right / n;
  }

  @Test
  void listsTagsAndEntries() throws Exception {
    JsonNode tags = server.json("/api/plugins/embedding/tags");
    assertEquals(TAG, tags.get(RUN).get(0).asText());
    JsonNode entries = server.json(route("entries")).get("entries");
    assertEquals(1, entries.size());
    assertEquals(7, entries.get(0).get("step").asLong());
    assertEquals(CLUSTERS * PER_CLUSTER, entries.get(0).get("rows").asInt());
    assertEquals(DIMS, entries.get(0).get("dims").asInt());
  }

  @Test
  void pcaKeepsClustersApartIn2dAnd3d() throws Exception {
    for (int dims : new int[] {2, 3}) {
      JsonNode a = projection("pca", dims);
      assertEquals(CLUSTERS * PER_CLUSTER, a.get("points").size());
      assertEquals(dims, a.get("points").get(0).size());
      assertEquals("cluster", a.get("metadataHeader").get(0).asText());
      assertEquals("c3", a.get("metadata").get(3).get(0).asText());
      assertEquals(7, a.get("step").asLong());
      double accuracy = nearestCentroidAccuracy(a, dims);
      assertTrue(accuracy > 0.95, "PCA " + dims + "-D nearest-centroid accuracy " + accuracy);
    }
  }

  @Test
  void tsneFinishesAndSeparatesClusters() throws Exception {
    JsonNode a = projection("tsne", 2);
    double accuracy = nearestCentroidAccuracy(a, 2);
    assertTrue(accuracy > 0.95, "t-SNE nearest-centroid accuracy " + accuracy);
  }

  @Test
  void umapFinishesAndSeparatesClusters() throws Exception {
    JsonNode a = projection("umap", 2);
    double accuracy = nearestCentroidAccuracy(a, 2);
    assertTrue(accuracy > 0.95, "UMAP nearest-centroid accuracy " + accuracy);
  }

  @Test
  void neighboursAreFromTheSameCluster() throws Exception {
    JsonNode a = server.json(route("neighbors", "index", "6", "k", "10", "metric", "euclidean"));
    JsonNode nbs = a.get("neighbors");
    assertEquals(10, nbs.size());
    for (JsonNode nb : nbs) {
      assertTrue(nb.get("label").asText().startsWith("cluster1_"), nb.toString());
      assertEquals(1, nb.get("index").asInt() % CLUSTERS);
    }
    assertEquals(400, server.get(route("neighbors", "index", "100000")).statusCode());
    assertEquals(400, server.get(route("projection", "method", "lda")).statusCode());
    assertEquals(404, server.get("/api/plugins/embedding/entries?run=nope&tag=x").statusCode());
  }

  @Test
  void projectorDrawsTheScatterInWebGlAndListsNeighbours() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile,
        // WebGL without a GPU: software rendering through SwiftShader.
        "--use-angle=swiftshader", "--enable-unsafe-swiftshader");
    LoggingPreferences prefs = new LoggingPreferences();
    prefs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);

    browser.get(server.url("/?plugin=embedding"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    wait.until(d -> !d.findElements(By.cssSelector(".vdl-emb-plot[data-status='done'] canvas")).isEmpty());
    WebElement plot = browser.findElement(By.cssSelector(".vdl-emb-plot"));
    assertEquals("webgl", plot.getAttribute("data-renderer"), "the scatter draws with WebGL");
    assertEquals(Integer.toString(CLUSTERS * PER_CLUSTER), plot.getAttribute("data-points"));
    screenshot("embedding-pca");

    // t-SNE in 3-D: the progress runs, then the layout is drawn.
    new Select(browser.findElement(By.cssSelector("select[name='method']"))).selectByValue("tsne");
    new Select(browser.findElement(By.cssSelector("select[name='dims']"))).selectByValue("3");
    try {
      // While t-SNE runs the progress bar shows and the scatter draws the intermediate layouts.
      new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50)).until(d ->
          "running".equals(d.findElement(By.cssSelector(".vdl-emb-plot")).getAttribute("data-status"))
              && !d.findElements(By.cssSelector(".vdl-emb-progress:not(.done)")).isEmpty());
      screenshot("embedding-tsne-running");
    } catch (org.openqa.selenium.TimeoutException e) {
      // it finished before a poll saw it running: nothing to show
    }
    wait.until(d -> "done".equals(d.findElement(By.cssSelector(".vdl-emb-plot")).getAttribute("data-status")));
    // Search highlights labels; the legend counts the matches.
    browser.findElement(By.cssSelector("input[name='search']")).sendKeys("cluster2_");
    wait.until(d -> d.findElement(By.cssSelector(".vdl-emb-legend")).getText()
        .contains(PER_CLUSTER + " of " + CLUSTERS * PER_CLUSTER));
    screenshot("embedding-tsne-3d-search");

    // Back to 2-D PCA; click the point nearest to the centre of the plot until one is picked.
    new Select(browser.findElement(By.cssSelector("select[name='method']"))).selectByValue("pca");
    new Select(browser.findElement(By.cssSelector("select[name='dims']"))).selectByValue("2");
    wait.until(d -> "done".equals(d.findElement(By.cssSelector(".vdl-emb-plot")).getAttribute("data-status")));
    Object picked = browser.executeScript(
        "const o = document.querySelector('.vdl-emb-overlay');"
            + "const r = o.getBoundingClientRect();"
            + "for (let dx = -300; dx <= 300; dx += 4) for (let dy = -200; dy <= 200; dy += 4) {"
            + "  const x = r.left + r.width / 2 + dx, y = r.top + r.height / 2 + dy;"
            + "  o.dispatchEvent(new PointerEvent('pointerdown', {clientX: x, clientY: y, pointerId: 1, bubbles: true}));"
            + "  o.dispatchEvent(new PointerEvent('pointerup', {clientX: x, clientY: y, pointerId: 1, bubbles: true}));"
            + "  if (document.querySelector('.vdl-emb-side h4')) return true;"
            + "}"
            + "return false;");
    assertEquals(Boolean.TRUE, picked, "a click on the scatter picks a point");
    wait.until(d -> d.findElements(By.cssSelector("ol.vdl-emb-neighbors li")).size() == 12);
    String first = browser.findElement(By.cssSelector(".vdl-emb-side h4")).getText();
    String cluster = first.substring(0, first.indexOf('_'));
    for (WebElement li : browser.findElements(By.cssSelector("ol.vdl-emb-neighbors li"))) {
      assertTrue(li.getText().startsWith(cluster + "_"), li.getText() + " is a neighbour of " + first);
    }
    new Actions(browser).moveToElement(plot).perform();
    screenshot("embedding-neighbours");
    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  static void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("visualdl.shot.dir", "target/screenshots"));
    Files.createDirectories(dir);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
