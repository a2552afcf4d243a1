package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/**
 * The dashboards as people expect them (issue 14), in Debian's headless Chromium on the packaged
 * server: distinct run colours, legends, markers for single points, exact log ticks, dark mode and
 * Chinese in every built-in tab, every plugin's view in the URL, the problems panel, the sidebar.
 * Screenshots of every tab in both themes and both languages go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
  /** Every built-in tab: each must be legible in both themes and speak both languages. */
  static final List<String> PLUGINS = List.of("scalar", "histogram", "image", "embedding", "text",
      "audio", "pr-curve", "roc-curve", "hparams", "graph");
  static final String LONG_RUN = "corpus/tensorboard/pytorch/resnet50/lr-0.1";
  static final int HP_RUNS = 22;
  static final int SPRITE_POINTS = 60;

  @TempDir static Path logs;
  @TempDir static Path profile;
  @TempDir static Path zhProfile;
  @TempDir static Path downloads;
  static VisualDLProcess server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(HeadlessChromium.CHROMIUM) && Files.isExecutable(HeadlessChromium.CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed");
    for (int r = 0; r < HP_RUNS; r++) {
      try (LogWriter log = LogWriter.open(logs.resolve("hp/run" + r))) {
        for (int step = 0; step < 50; step++) {
          log.addScalar("train/loss", step, Math.exp(-step / 20.0) + r * 0.05);
        }
        log.addHparams(Map.of("lr", 0.1 / (r + 1), "optimizer", r % 2 == 0 ? "adam" : "sgd"),
            List.of("train/loss"));
      }
    }
    try (LogWriter log = LogWriter.open(logs.resolve(LONG_RUN))) {
      log.addScalar("single/point", 7, 0.5);
      // Steps up to a million, values down to 1e-6: compact x ticks, exact log ticks.
      for (int k = 0; k <= 100; k++) {
        long step = k * 10_000L;
        log.addScalar("tiny/lr", step, Math.pow(10, -6 + 6.0 * (100 - k) / 100));
      }
      Random rnd = new Random(3);
      for (int step = 0; step < 5; step++) {
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) {
          v[i] = rnd.nextGaussian() * (1 + step * 0.2);
        }
        log.addHistogram("weights/fc", step * 250_000L, v);
        log.addImage("samples/big", step, pattern(400, 300, step));
        log.addImage("samples/tiny", step, pattern(8, 8, step));
      }
      float[][] vectors = new float[60][8];
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < vectors.length; i++) {
        for (int d = 0; d < 8; d++) {
          vectors[i][d] = (float) ((i % 3) * 5 + rnd.nextGaussian());
        }
        labels.add("digit" + (i % 3));
      }
      log.addEmbedding("features", 1, vectors, labels);
      // Every other built-in kind, so that every tab draws something in both themes and languages.
      log.addText("notes/summary", 1, "# Notes\n\n| lr | loss |\n|---|---|\n| 0.1 | 0.25 |\n\n`code`");
      float[] tone = new float[4000];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      }
      log.addAudio("speech/tone", 1, tone, 8000);
      boolean[] truth = new boolean[200];
      double[] predictions = new double[truth.length];
      for (int i = 0; i < truth.length; i++) {
        truth[i] = i % 2 == 0;
        predictions[i] = Math.min(1, Math.max(0, (truth[i] ? 0.65 : 0.35) + rnd.nextGaussian() * 0.2));
      }
      log.addPrCurve("pr/cat", 1, truth, predictions, 21);
      log.addRocCurve("roc/cat", 1, truth, predictions, 21);
      log.addGraph("model.json", "keras-json", GraphBrowserIT.KERAS.getBytes(StandardCharsets.UTF_8));
    }
    // A TensorBoard projector beside the SDK's embedding: 60 vectors with labels and a sprite of
    // 4x4-pixel cells (8 a row), read by the TensorBoard format into thumbnails.
    Path projector = logs.resolve(LONG_RUN);
    StringBuilder tensors = new StringBuilder();
    StringBuilder names = new StringBuilder();
    BufferedImage sheet = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    Random spread = new Random(5);
    for (int i = 0; i < SPRITE_POINTS; i++) {
      tensors.append(i % 3).append('\t').append(spread.nextGaussian()).append('\t')
          .append(spread.nextGaussian()).append('\n');
      names.append("cell").append(i).append('\n');
      java.awt.Graphics2D g = sheet.createGraphics();
      g.setColor(java.awt.Color.getHSBColor(i * 37 % 360 / 360f, 0.8f, 0.9f));
      g.fillRect(i % 8 * 4, i / 8 * 4, 4, 4);
      g.dispose();
    }
    Files.writeString(projector.resolve("sprite_vectors.tsv"), tensors);
    Files.writeString(projector.resolve("sprite_labels.tsv"), names);
    ImageIO.write(sheet, "png", projector.resolve("sprite.png").toFile());
    Files.writeString(projector.resolve("projector_config.pbtxt"), """
        embeddings {
          tensor_name: "zz-sprites"
          tensor_path: "sprite_vectors.tsv"
          metadata_path: "sprite_labels.tsv"
          sprite { image_path: "sprite.png" single_image_dim: 4 single_image_dim: 4 }
        }
        """);
    // A file that is not a TensorBoard event file: a load problem to list.
    Files.createDirectories(logs.resolve("broken"));
    Files.write(logs.resolve("broken/events.out.tfevents.1.broken"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
    server = VisualDLProcess.start("--logdir", logs.toString());
    browser = chromium(profile, "en-US");
  }

  static BufferedImage pattern(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | (seed * 40 & 255));
      }
    }
    return img;
  }

  static ChromeDriver chromium(Path userData, String language) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(HeadlessChromium.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1400,1000", "--lang=" + language, "--user-data-dir=" + userData);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("intl.accept_languages", language);
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logPrefs = new LoggingPreferences();
    logPrefs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logPrefs);
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(HeadlessChromium.CHROMEDRIVER.toFile()).build(),
        options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  static WebDriverWait waiting(ChromeDriver b) {
    return new WebDriverWait(b, Duration.ofSeconds(30));
  }

  static Object js(ChromeDriver b, String script, Object... args) {
    return b.executeScript(script, args);
  }

  static void emulateDark(ChromeDriver b, boolean dark) {
    b.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
        "features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
  }

  /** Opens a tab and waits until its dashboard has drawn what the test data holds. */
  static void openTab(ChromeDriver b, String plugin, String extra) {
    b.get(server.url("/?plugin=" + plugin + extra));
    String ready = switch (plugin) {
      case "scalar" -> "return [...document.querySelectorAll('section.vdl-scalar-card')].filter(c => c.querySelector('canvas')).length >= 1";
      case "histogram" -> "return [...document.querySelectorAll('section.vdl-hist-card')].some(c => c.querySelector('canvas, .uplot'))";
      case "image" -> "return [...document.querySelectorAll('section.vdl-img-card img')].some(i => i.complete && i.naturalWidth > 0)";
      case "embedding" -> "const p = document.querySelector('.vdl-emb-plot'); return !!p && p.dataset.status === 'done'";
      case "text" -> "return !!document.querySelector('section.vdl-text-card .vdl-text-body table')";
      case "audio" -> "return [...document.querySelectorAll('section.vdl-audio-card .vdl-audio-meta')].some(m => m.textContent.length > 0)";
      case "pr-curve", "roc-curve" -> "return !!document.querySelector('section.vdl-curve-card .vdl-curve-legend .vdl-curve-run')";
      case "hparams" -> "return document.querySelectorAll('.vdl-hp-tr[data-row]').length > 0";
      case "graph" -> "return document.querySelectorAll('.vdl-graph-node').length > 0";
      default -> "return true";
    };
    waiting(b).until(d -> Boolean.TRUE.equals(js(b, ready)));
  }

  // ---- runs and colours ----

  static double[] lab(String css) {
    String[] p = css.replaceAll("[^0-9,]", "").split(",");
    double[] rgb = new double[3];
    for (int i = 0; i < 3; i++) {
      double c = Integer.parseInt(p[i].trim()) / 255.0;
      rgb[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
    double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    java.util.function.DoubleUnaryOperator f = t -> t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    return new double[] {116 * f.applyAsDouble(y) - 16, 500 * (f.applyAsDouble(x) - f.applyAsDouble(y)),
        200 * (f.applyAsDouble(y) - f.applyAsDouble(z))};
  }

  /** CIE76: Euclidean distance in L*a*b*. 2.3 is just noticeable; 15 is clearly another colour. */
  static double deltaE(String a, String b) {
    double[] p = lab(a);
    double[] q = lab(b);
    return Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> swatchColours(ChromeDriver b) {
    return (Map<String, String>) js(b, "const m = {}; for (const s of document.querySelectorAll('#runs button.swatch'))"
        + " m[s.dataset.run] = getComputedStyle(s).backgroundColor; return m;");
  }

  @Test
  @Order(1)
  void theFirstTwentyRunsGetClearlyDistinctColoursThatStayAndCanBeChanged() throws Exception {
    openTab(browser, "scalar", "");
    Map<String, String> colours = swatchColours(browser);
    List<String> first20 = colours.keySet().stream().sorted().limit(20).toList();
    assertEquals(20, first20.size(), "rows: " + colours.keySet());
    double min = Double.MAX_VALUE;
    String pair = "";
    for (int i = 0; i < first20.size(); i++) {
      for (int j = i + 1; j < first20.size(); j++) {
        double d = deltaE(colours.get(first20.get(i)), colours.get(first20.get(j)));
        if (d < min) {
          min = d;
          pair = first20.get(i) + " / " + first20.get(j);
        }
      }
    }
    assertTrue(min > 15, "closest colours (CIE76 " + min + "): " + pair);

    // The same after a reload and in another tab.
    browser.navigate().refresh();
    openTab(browser, "histogram", "");
    assertEquals(colours, swatchColours(browser));

    // A user picks another colour for a run: swatch and charts follow, and it is remembered.
    js(browser, "const p = document.getElementById('color-picker'); p.dataset.run = 'hp/run3'; p.value = '#123456';"
        + " p.dispatchEvent(new Event('change'));");
    waiting(browser).until(d -> "rgb(18, 52, 86)".equals(swatchColours(browser).get("hp/run3")));
    browser.navigate().refresh();
    openTab(browser, "scalar", "");
    assertEquals("rgb(18, 52, 86)", swatchColours(browser).get("hp/run3"));
    js(browser, "localStorage.removeItem('vdl.colorOverrides')");
  }

  @Test
  @Order(2)
  void longRunNamesAreCutInTheMiddleTheSidebarResizesAndRunsGroupByFolder() throws Exception {
    openTab(browser, "scalar", "");
    WebElement row = browser.findElement(By.cssSelector("[data-run-row='" + LONG_RUN + "']"));
    String shown = row.findElement(By.cssSelector(".run-name")).getText();
    assertEquals(LONG_RUN, row.getAttribute("title"), "full name on hover");
    assertTrue(shown.contains("…") && shown.endsWith("lr-0.1"), "middle ellipsis: " + shown);
    int before = browser.findElement(By.cssSelector(".sidebar")).getSize().getWidth();
    WebElement handle = browser.findElement(By.id("sidebar-resizer"));
    new Actions(browser).clickAndHold(handle).moveByOffset(220, 0).release().perform();
    waiting(browser).until(d -> browser.findElement(By.cssSelector(".sidebar")).getSize().getWidth() > before + 150);
    waiting(browser).until(d -> browser.findElement(By.cssSelector("[data-run-row='" + LONG_RUN + "'] .run-name"))
        .getText().equals(LONG_RUN));
    HeadlessChromium.screenshot(browser, "dashboard-sidebar-wide");
    browser.navigate().refresh();
    openTab(browser, "scalar", "");
    assertTrue(browser.findElement(By.cssSelector(".sidebar")).getSize().getWidth() > before + 150, "width remembered");
    browser.findElement(By.id("group-folders")).click();
    waiting(browser).until(d -> !browser.findElements(By.cssSelector("input[data-folder='hp']")).isEmpty());
    HeadlessChromium.screenshot(browser, "dashboard-sidebar-folders");
    browser.findElement(By.id("group-folders")).click();
    js(browser, "localStorage.removeItem('vdl.sidebarWidth')");
  }

  // ---- charts ----

  static WebElement scalarCard(String tag) {
    return browser.findElement(By.cssSelector("section.vdl-scalar-card[data-tag='" + tag + "']"));
  }

  /** Pixels of a canvas within CIE76 10 of a colour. */
  static long pixelsOf(WebElement canvas, String cssColour) {
    return ((Number) js(browser, """
        const [c, target] = arguments; const g = c.getContext('2d');
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const t = target.match(/\\d+/g).map(Number); let n = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 200 && Math.abs(d[i] - t[0]) + Math.abs(d[i + 1] - t[1]) + Math.abs(d[i + 2] - t[2]) < 30) n++;
        }
        return n;""", canvas, cssColour)).longValue();
  }

  @Test
  @Order(3)
  void chartsHaveALegendThatHidesRunsAndDrawSinglePointsAsMarkers() throws Exception {
    openTab(browser, "scalar", "&tags=" + java.net.URLEncoder.encode("^(train/loss|single/point)$", "UTF-8"));
    WebElement loss = scalarCard("train/loss");
    List<WebElement> items = loss.findElements(By.cssSelector(".vdl-legend-item"));
    assertEquals(HP_RUNS, items.size(), "one legend entry per run");
    WebElement canvas = loss.findElement(By.tagName("canvas"));
    String colour = swatchColours(browser).get("hp/run0");
    long drawn = pixelsOf(canvas, colour);
    assertTrue(drawn > 0, "hp/run0 drawn");
    loss.findElement(By.cssSelector(".vdl-legend-item[data-run='hp/run0']")).click();
    waiting(browser).until(d -> pixelsOf(canvas, colour) < drawn / 4);
    assertEquals("false", loss.findElement(By.cssSelector(".vdl-legend-item[data-run='hp/run0']")).getAttribute("aria-pressed"));

    WebElement single = scalarCard("single/point");
    js(browser, "arguments[0].scrollIntoView()", single);
    waiting(browser).until(d -> !single.findElements(By.tagName("canvas")).isEmpty());
    String runColour = swatchColours(browser).get(LONG_RUN);
    waiting(browser).until(d -> pixelsOf(single.findElement(By.tagName("canvas")), runColour) > 10);
    HeadlessChromium.screenshot(browser, "dashboard-single-point");

    // The toolbar hides every legend, and the URL says so.
    browser.findElement(By.cssSelector("input[data-control=legend]")).click();
    waiting(browser).until(d -> !loss.findElement(By.cssSelector(".vdl-scalar-legend")).isDisplayed());
    assertTrue(browser.getCurrentUrl().contains("scalar.legend=off"), browser.getCurrentUrl());
  }

  @Test
  @Order(4)
  void logTicksAreDistinctAndExactAndLargeStepsCompact() throws Exception {
    openTab(browser, "scalar", "&tags=tiny&scalar.y=log");
    WebElement card = scalarCard("tiny/lr");
    waiting(browser).until(d -> card.getAttribute("data-y-ticks") != null && card.getAttribute("data-x-ticks") != null);
    List<String> y = List.of(card.getAttribute("data-y-ticks").split("\\|"));
    List<String> x = List.of(card.getAttribute("data-x-ticks").split("\\|"));
    assertEquals(y.size(), y.stream().distinct().count(), "distinct y ticks: " + y);
    assertTrue(y.contains("1e-5") || y.contains("1e-4"), "exact small ticks: " + y);
    assertFalse(y.contains("0"), "no tick reads 0 on a log axis: " + y);
    assertEquals(x.size(), x.stream().distinct().count(), "distinct x ticks: " + x);
    assertTrue(x.contains("1M") && x.stream().anyMatch(t -> t.endsWith("k")), "compact x ticks: " + x);
    HeadlessChromium.screenshot(browser, "dashboard-log-ticks");

    // The PNG has an opaque background, the title and the legend below the chart.
    card.findElement(By.cssSelector("button[data-action=png]")).click();
    Path png = downloads.resolve("tiny_lr.png");
    waiting(browser).until(d -> Files.exists(png) && !Files.exists(downloads.resolve("tiny_lr.png.crdownload")));
    BufferedImage image = ImageIO.read(png.toFile());
    WebElement plot = card.findElement(By.tagName("canvas"));
    assertTrue(image.getHeight() > Integer.parseInt(plot.getAttribute("height")), "title and legend added");
    assertEquals(255, image.getRGB(1, 1) >>> 24, "opaque background");
  }

  @Test
  @Order(5)
  void aChartGoesFullScreen() throws Exception {
    openTab(browser, "scalar", "&tags=tiny");
    WebElement card = scalarCard("tiny/lr");
    card.findElement(By.cssSelector("button[data-action=fullscreen]")).click();
    waiting(browser).until(d -> Boolean.TRUE.equals(js(browser,
        "return document.fullscreenElement === arguments[0] || arguments[0].classList.contains('vdl-full')", card)));
    HeadlessChromium.screenshot(browser, "dashboard-full-screen");
    js(browser, "if (document.fullscreenElement) document.exitFullscreen()");
  }

  @Test
  @Order(6)
  void tagGroupsKeepTheirOrderAfterAFilterChange() throws Exception {
    openTab(browser, "scalar", "");
    List<String> before = groupOrder();
    WebElement filter = browser.findElement(By.id("tag-filter"));
    filter.sendKeys("tiny");
    waiting(browser).until(d -> groupOrder().equals(List.of("tiny")));
    filter.clear();
    filter.sendKeys(" ");
    filter.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
    waiting(browser).until(d -> groupOrder().size() == before.size());
    assertEquals(before, groupOrder());
    assertEquals(before.stream().sorted().toList(), before);
  }

  @SuppressWarnings("unchecked")
  static List<String> groupOrder() {
    return (List<String>) js(browser, "return [...document.querySelectorAll('details.vdl-group')].map(g => g.dataset.group)");
  }

  // ---- other dashboards ----

  @Test
  @Order(7)
  void imagesAreSmoothWhenShrunkAndSharpWhenEnlarged() throws Exception {
    openTab(browser, "image", "");
    WebElement big = browser.findElement(By.cssSelector("section.vdl-img-card[data-tag='samples/big'] img"));
    WebElement tiny = browser.findElement(By.cssSelector("section.vdl-img-card[data-tag='samples/tiny'] img"));
    waiting(browser).until(d -> Boolean.TRUE.equals(js(browser, "return arguments[0].complete && arguments[1].complete", big, tiny)));
    waiting(browser).until(d -> "pixelated".equals(js(browser, "return getComputedStyle(arguments[0]).imageRendering", tiny)));
    assertEquals("auto", js(browser, "return getComputedStyle(arguments[0]).imageRendering", big));
    // The swatch keeps its size beside a long run name.
    WebElement swatch = browser.findElement(By.cssSelector("section.vdl-img-card[data-run='" + LONG_RUN + "'] .vdl-swatch"));
    assertEquals(10, swatch.getSize().getWidth());
  }

  @Test
  @Order(8)
  void histogramCountsSayTheyAreReBinned() throws Exception {
    openTab(browser, "histogram", "");
    WebElement card = browser.findElement(By.cssSelector("section.vdl-hist-card"));
    WebElement canvas = card.findElement(By.tagName("canvas"));
    new Actions(browser).moveToElement(canvas, -40, canvas.getSize().getHeight() / 2 - 40).perform();
    WebElement tip = card.findElement(By.cssSelector(".vdl-hist-tip"));
    waiting(browser).until(d -> tip.isDisplayed());
    assertTrue(tip.getText().matches(".*count about [0-9,]+"), tip.getText());
  }

  @Test
  @Order(9)
  void embeddingsWithOnlyLabelsAreColouredByLabelWithALegend() throws Exception {
    openTab(browser, "embedding", "");
    assertEquals("label", browser.findElement(By.cssSelector(".vdl-emb-toolbar select[name=color]")).getAttribute("value"));
    waiting(browser).until(d -> d.findElement(By.cssSelector(".vdl-emb-legend")).getText().contains("digit2"));
    assertEquals(3, browser.findElements(By.cssSelector(".vdl-emb-legend span.sw")).size());
  }

  @Test
  @Order(10)
  void everyPluginRestoresItsViewFromTheUrl() throws Exception {
    openTab(browser, "scalar", "&scalar.y=log&scalar.x=relative&scalar.smoothing=0.9");
    assertEquals("log", browser.findElement(By.cssSelector("select[data-control=y]")).getAttribute("value"));
    assertEquals("relative", browser.findElement(By.cssSelector("select[data-control=x]")).getAttribute("value"));
    assertEquals("0.9", browser.findElement(By.cssSelector("input[data-control=smoothing]")).getAttribute("value"));

    openTab(browser, "histogram", "&histogram.mode=distribution");
    assertEquals("true", browser.findElement(By.cssSelector("button[data-mode=distribution]")).getAttribute("aria-pressed"));
    browser.findElement(By.cssSelector("button[data-mode=overlay]")).click();
    waiting(browser).until(d -> browser.getCurrentUrl().contains("histogram.mode=overlay"));

    openTab(browser, "image", "&image.perStep=2&image.size=actual&image.linked=on");
    assertEquals("2", browser.findElement(By.cssSelector("select[name=vdl-img-per-step]")).getAttribute("value"));
    assertTrue(browser.findElement(By.cssSelector("input[name=vdl-img-actual]")).isSelected());
    assertTrue(browser.findElement(By.cssSelector("input[name=vdl-img-link]")).isSelected());

    openTab(browser, "embedding", "&embedding.dims=3&embedding.color=none&embedding.search=digit1&embedding.metric=euclidean");
    assertEquals("3", browser.findElement(By.cssSelector(".vdl-emb-toolbar select[name=dims]")).getAttribute("value"));
    assertEquals("none", browser.findElement(By.cssSelector(".vdl-emb-toolbar select[name=color]")).getAttribute("value"));
    assertEquals("digit1", browser.findElement(By.cssSelector(".vdl-emb-toolbar input[name=search]")).getAttribute("value"));
    assertEquals("euclidean", browser.findElement(By.cssSelector(".vdl-emb-toolbar select[name=metric]")).getAttribute("value"));
    browser.findElement(By.cssSelector(".vdl-emb-toolbar select[name=method] option[value=tsne]")).click();
    waiting(browser).until(d -> browser.getCurrentUrl().contains("embedding.method=tsne"));
  }

  @Test
  @Order(11)
  void theProblemsPanelListsPathCauseAndCount() throws Exception {
    openTab(browser, "scalar", "");
    WebElement button = browser.findElement(By.id("problems-button"));
    waiting(browser).until(d -> button.isDisplayed());
    button.click();
    WebElement dialog = browser.findElement(By.id("problems"));
    waiting(browser).until(d -> dialog.isDisplayed());
    List<WebElement> cells = dialog.findElements(By.cssSelector("tbody tr:first-child td"));
    assertEquals(3, cells.size());
    assertTrue(cells.get(0).getText().contains("broken"), "path: " + cells.get(0).getText());
    assertFalse(cells.get(1).getText().isBlank(), "cause");
    assertTrue(cells.get(2).getText().matches("[0-9]+"), "count: " + cells.get(2).getText());
    HeadlessChromium.screenshot(browser, "dashboard-problems");
    browser.findElement(By.id("problems-close")).click();
  }

  // ---- theme and language ----

  /** Contrast ratio (WCAG) between every visible text in the content and its background; the worst. */
  static String worstContrast(ChromeDriver b) {
    return (String) js(b, """
        const lum = (c) => { const v = c.match(/[\\d.]+/g).map(Number);
          const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(v[0]) + 0.7152 * f(v[1]) + 0.0722 * f(v[2]); };
        const bg = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
          const a = c.match(/[\\d.]+/g).map(Number); if (a.length < 4 || a[3] > 0.9) return c; }
          return getComputedStyle(document.body).backgroundColor; };
        let worst = [99, ''];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const e = n.parentElement; if (!n.textContent.trim() || !e || !e.checkVisibility()) continue;
          if (e.closest('dialog:not([open]), option, .vdl-img-overlay, svg')) continue;
          const a = lum(getComputedStyle(e).color), c = lum(bg(e));
          const ratio = (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05);
          if (ratio < worst[0]) worst = [ratio, n.textContent.trim().slice(0, 40)];
        }
        return worst[0].toFixed(2) + ' ' + worst[1];""");
  }

  static double bodyLuminance(ChromeDriver b) {
    return ((Number) js(b, """
        const v = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
        return (0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]) / 255;""")).doubleValue();
  }

  static void checkEveryTab(ChromeDriver b, String language, boolean dark) throws IOException {
    emulateDark(b, dark);
    for (String plugin : PLUGINS) {
      openTab(b, plugin, "");
      String theme = (String) js(b, "return document.documentElement.dataset.theme");
      assertEquals(dark ? "dark" : "light", theme, plugin);
      double l = bodyLuminance(b);
      assertTrue(dark ? l < 0.15 : l > 0.85, plugin + " background luminance " + l);
      String worst = worstContrast(b);
      assertTrue(Double.parseDouble(worst.split(" ")[0]) >= 4.5, plugin + " text contrast " + worst);
      if (plugin.equals("embedding")) {
        String rgb = b.findElement(By.cssSelector("canvas.vdl-emb-canvas")).getAttribute("data-background");
        int sum = List.of(rgb.split(",")).stream().mapToInt(Integer::parseInt).sum();
        assertTrue(dark ? sum < 150 : sum > 600, "WebGL background " + rgb);
      }
      HeadlessChromium.screenshot(b, "tab-" + plugin + "-" + (dark ? "dark" : "light") + "-" + language);
    }
  }

  @Test
  @Order(12)
  void everyTabIsLegibleInTheLightAndTheDarkTheme() throws Exception {
    try {
      checkEveryTab(browser, "en", true);
      checkEveryTab(browser, "en", false);
    } finally {
      emulateDark(browser, false);
    }
    // The toggle overrides the system preference and is remembered.
    openTab(browser, "scalar", "");
    browser.findElement(By.id("theme-toggle")).click();
    waiting(browser).until(d -> "dark".equals(js(browser, "return document.documentElement.dataset.theme")));
    browser.navigate().refresh();
    waiting(browser).until(d -> "dark".equals(js(browser, "return document.documentElement.dataset.theme")));
    js(browser, "localStorage.removeItem('vdl.theme')");
  }

  @Test
  @Order(13)
  void everyTabSpeaksChineseToAChineseBrowser() throws Exception {
    ChromeDriver zh = chromium(zhProfile, "zh-CN");
    try {
      for (boolean dark : new boolean[] {false, true}) {
        checkEveryTab(zh, "zh", dark);
      }
      emulateDark(zh, false);
      for (String plugin : PLUGINS) {
        openTab(zh, plugin, "");
        assertEquals("zh-CN", js(zh, "return document.documentElement.lang"));
        String text = (String) js(zh, "return document.body.innerText");
        for (String english : List.of("Tag filter", "Smoothing", "Offset", "Images per step", "Colour by",
            "Move all sliders", "Hover a plot", "Group by folder", "runs shown")) {
          assertFalse(text.contains(english), plugin + " still says '" + english + "'");
        }
        String tab = zh.findElement(By.cssSelector("button[data-plugin='" + plugin + "']")).getText();
        assertTrue(tab.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), tab);
      }
      // The switch in the header is remembered.
      zh.findElement(By.cssSelector("#language option[value=en]")).click();
      waiting(zh).until(d -> "en".equals(js(zh, "return document.documentElement.lang")));
      zh.navigate().refresh();
      waiting(zh).until(d -> "en".equals(js(zh, "return document.documentElement.lang")));
    } finally {
      zh.quit();
    }
  }

  @Test
  @Order(19)
  void noConsoleErrors() {
    assertEquals(List.of(), HeadlessChromium.severeConsoleMessages(browser).stream()
        .filter(e -> !e.getMessage().contains("favicon")).toList());
  }

  /**
   * Rewrites the answers of one route in the page (the data model that carries these fields lands
   * later): transform is a JS expression of {@code body} evaluated for every answer of the route.
   */
  static String rewriteRoute(String route, String transform) {
    String script = "(() => { const orig = window.fetch; window.fetch = async (url, opts) => {"
        + " const r = await orig(url, opts); if (!String(url).includes('" + route + "')) return r;"
        + " const body = await r.json(); const out = " + transform + ";"
        + " return new Response(JSON.stringify(out), {status: r.status, headers: {'Content-Type': 'application/json'}}); }; })();";
    @SuppressWarnings("unchecked")
    Map<String, Object> id = (Map<String, Object>) (Map<?, ?>) browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    return (String) id.get("identifier");
  }

  @Test
  @Order(16)
  void severalImagesOfAStepShareOneCardWithTheirSampleIndex() throws Exception {
    String id = rewriteRoute("/api/plugins/image/entries?run=",
        "body.tag === 'samples/big' ? {...body, entries: body.entries.flatMap(e => [2, 0, 1].map(i => ({...e, index: i})))} : body");
    try {
      openTab(browser, "image", "&tags=big");
      WebElement card = browser.findElement(By.cssSelector("section.vdl-img-card[data-tag='samples/big']"));
      waiting(browser).until(d -> "3".equals(card.getAttribute("data-samples")));
      List<WebElement> shown = card.findElements(By.cssSelector(".vdl-img-sample:not([hidden])"));
      assertEquals(3, shown.size());
      assertEquals("sample 0", shown.get(0).findElement(By.cssSelector(".vdl-img-index")).getText());
      assertTrue(card.findElement(By.cssSelector(".vdl-img-step")).getText().contains("(5/5)"), "one slider stop per step");
      HeadlessChromium.screenshot(browser, "dashboard-images-per-step");
      openTab(browser, "image", "&tags=big&image.perStep=2");
      WebElement again = browser.findElement(By.cssSelector("section.vdl-img-card[data-tag='samples/big']"));
      waiting(browser).until(d -> again.findElements(By.cssSelector(".vdl-img-sample:not([hidden])")).size() == 2);
      assertTrue(again.findElement(By.cssSelector(".vdl-img-meta")).getText().contains("2 of 3 images"));
    } finally {
      browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
    }
  }

  @Test
  @Order(17)
  void embeddingPointsShowTheThumbnailsOfATensorBoardSprite() throws Exception {
    openTab(browser, "embedding", "&embedding.run=" + java.net.URLEncoder.encode(LONG_RUN,
        StandardCharsets.UTF_8) + "&embedding.tag=zz-sprites");
    WebElement plot = browser.findElement(By.cssSelector(".vdl-emb-plot"));
    waiting(browser).until(d -> "shown".equals(plot.getAttribute("data-sprite")));
    waiting(browser).until(d -> Integer.toString(SPRITE_POINTS).equals(
        browser.findElement(By.cssSelector("canvas.vdl-emb-overlay")).getAttribute("data-sprites")));
    HeadlessChromium.screenshot(browser, "dashboard-embedding-sprites");
  }

  /** While the server starts, the port never answers Jetty's 404 page. */
  @Test
  @Order(18)
  void theStartingServerNeverAnswersJettys404() throws Exception {
    int port = VisualDLProcess.freePort();
    Process p = VisualDLProcess.command("--logdir", logs.toString(), "--port", Integer.toString(port))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(200)).build();
    List<String> answers = new ArrayList<>();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        try {
          var r = http.send(java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
          if (answers.isEmpty() || !answers.get(answers.size() - 1).startsWith(r.statusCode() + " ")) {
            answers.add(r.statusCode() + " " + r.body().replaceAll("\\s+", " ").substring(0, Math.min(60, r.body().length())));
          }
          assertNotEquals(404, r.statusCode(), "answers so far: " + answers);
          if (r.statusCode() == 200 && r.body().contains("/static/app.js")) {
            break;
          }
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
          // not listening yet
        } catch (java.io.IOException e) {
          // a connection accepted and closed without an answer while the HTTP service starts
          // its connector: no answer at all, so no 404 either; noted for the failure message
          if (answers.isEmpty() || !answers.get(answers.size() - 1).equals("closed")) {
            answers.add("closed");
          }
        }
        Thread.sleep(5);
      }
      assertTrue(answers.get(answers.size() - 1).startsWith("200"), "answers: " + answers);
    } finally {
      p.destroy();
      p.waitFor();
    }
  }
}
