package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/** The scalar dashboard in a real browser (Debian's headless Chromium) on the packaged server. */
class BrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Set<String> TAGS = Set.of("train/loss", "train/accuracy", "eval/loss", "lr", "big/series");
  static final int STEPS = 500;
  static final int BIG = 20_000;

  @TempDir static Path logs;
  @TempDir static Path profile;
  @TempDir static Path downloads;
  static VisualDLProcess server;
  static ChromeDriver browser;
  static LogWriter live;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
    for (String run : List.of("a", "b")) {
      try (LogWriter log = LogWriter.open(logs.resolve(run))) {
        for (int step = 0; step < STEPS; step++) {
          for (String tag : TAGS) {
            if (!tag.startsWith("big")) {
              log.addScalar(tag, step, value(run, step));
            }
          }
        }
        if (run.equals("a")) {
          for (int step = 0; step < BIG; step++) {
            log.addScalar("big/series", step, Math.sin(step / 300.0));
          }
        }
      }
    }
    server = VisualDLProcess.start("--logdir", logs.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1400,1100", "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logPrefs = new LoggingPreferences();
    logPrefs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logPrefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  static double value(String run, int step) {
    return Math.exp(-step / 100.0) + (run.equals("a") ? 0 : 0.1) + 0.05 * Math.sin(step);
  }

  @AfterAll
  static void stop() throws Exception {
    if (live != null) {
      live.close();
    }
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openFreshPage() {
    browser.get(server.url("/"));
    awaitCharts(TAGS);
  }

  static void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("visualdl.shot.dir", "target/screenshots"));
    Files.createDirectories(dir);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static WebDriverWait waiting(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private static Set<String> chartTags() {
    Set<String> tags = new TreeSet<>();
    for (WebElement card : browser.findElements(By.cssSelector("section.vdl-scalar-card"))) {
      if (!card.findElements(By.tagName("canvas")).isEmpty()) {
        tags.add(card.getAttribute("data-tag"));
      }
    }
    return tags;
  }

  private static void awaitCharts(Set<String> expected) {
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    waiting(20).until(d -> {
      // Charts draw when they scroll into view: bring every card into view once.
      for (WebElement card : browser.findElements(By.cssSelector("section.vdl-scalar-card"))) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", card);
      }
      return chartTags().equals(new TreeSet<>(expected));
    });
  }

  private static WebElement card(String tag) {
    return browser.findElement(By.cssSelector("section.vdl-scalar-card[data-tag='" + tag + "']"));
  }

  private static String canvasPixels(String tag) {
    WebElement canvas = card(tag).findElement(By.tagName("canvas"));
    return (String) ((JavascriptExecutor) browser).executeScript("return arguments[0].toDataURL()", canvas);
  }

  private static String note(String tag) {
    return card(tag).findElement(By.cssSelector(".vdl-scalar-note")).getText();
  }

  @Test
  void drawsAChartForEveryTagWithNoConsoleErrors() throws Exception {
    screenshot("scalars");
    assertEquals(new TreeSet<>(TAGS), chartTags());
    assertTrue(note("train/loss").contains("1,000 points"), note("train/loss"));
    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  @Test
  void smoothingChangesTheDrawnLineAndIsKeptInTheUrl() throws Exception {
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    String before = canvasPixels("eval/loss");
    WebElement slider = browser.findElement(By.cssSelector("input[data-control=smoothing]"));
    ((JavascriptExecutor) browser).executeScript(
        "arguments[0].value = '0.95'; arguments[0].dispatchEvent(new Event('input'))", slider);
    waiting(5).until(d -> !canvasPixels("eval/loss").equals(before));
    assertTrue(browser.getCurrentUrl().contains("scalar.smoothing=0.95"), browser.getCurrentUrl());
    screenshot("smoothing-0.95");
    browser.navigate().refresh();
    awaitCharts(TAGS);
    assertEquals("0.95", browser.findElement(By.cssSelector("input[data-control=smoothing]")).getAttribute("value"));
  }

  @Test
  void aPointWrittenAfterThePageLoadedAppearsWithinTwoSeconds() throws Exception {
    long before = Long.parseLong(note("lr").replaceAll("[^0-9]", ""));
    if (live == null) {
      live = LogWriter.open(logs.resolve("a"));
    }
    live.addScalar("lr", STEPS + 10 + (int) before, 5.0);
    live.flush();
    waiting(2).until(d -> Long.parseLong(note("lr").replaceAll("[^0-9]", "")) == before + 1);
  }

  @Test
  void dragToZoomFetchesFullResolutionForTheRange() throws Exception {
    assertTrue(note("big/series").contains("extremes of 20,000"), note("big/series"));
    WebElement over = card("big/series").findElement(By.cssSelector(".u-over"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", over);
    int w = over.getSize().getWidth();
    new Actions(browser)
        .moveToElement(over, -w / 2 + 10, 0).clickAndHold()
        .moveByOffset(w / 20, 0).release().perform();
    waiting(5).until(d -> note("big/series").startsWith("Zoomed"));
    String zoomed = note("big/series");
    assertTrue(!zoomed.contains("extremes") && zoomed.matches("Zoomed.*\\b[0-9,]+ points\\."), zoomed);
    screenshot("zoomed");
  }

  @Test
  void csvDownloadHoldsEveryPointAsWritten() throws Exception {
    card("train/loss").findElement(By.cssSelector("button[data-action=csv]")).click();
    Path csv = downloads.resolve("train_loss.csv");
    waiting(10).until(d -> Files.exists(csv) && !Files.exists(downloads.resolve("train_loss.csv.crdownload")));
    List<String> lines = Files.readAllLines(csv);
    assertEquals("run,tag,step,wall_time,value", lines.get(0));
    assertEquals(1 + 2 * STEPS, lines.size());
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int step = Integer.parseInt(f[2]);
      assertEquals(value(f[0], step), Double.parseDouble(f[4]), 0.0, line);
    }
  }

  @Test
  void runFilterHidesRuns() throws Exception {
    WebElement filter = browser.findElement(By.id("run-filter"));
    filter.sendKeys("^a$");
    waiting(5).until(d -> browser.findElements(By.cssSelector("input[data-run=b]")).isEmpty()
        && note("train/loss").contains("500 points"));
    assertEquals(1, browser.findElements(By.cssSelector("input[data-run]")).size());
    assertTrue(browser.getCurrentUrl().contains("runFilter="), browser.getCurrentUrl());
    screenshot("run-filter");
  }

  @Test
  void manyTabsShareOneEventStreamAndAllStayLive() throws Exception {
    String first = browser.getWindowHandle();
    // Streams of pages closed by earlier tests end at their next heartbeat, so count the growth.
    int before = server.json("/api/health").get("eventClients").asInt();
    try {
      for (int i = 0; i < 8; i++) {
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(server.url("/?tags=%5Elr%24"));
        waiting(20).until(d -> chartTags().equals(Set.of("lr")));
      }
      int after = server.json("/api/health").get("eventClients").asInt();
      assertTrue(after <= before + 1, "eight more tabs opened " + (after - before) + " more streams");
      String shown = note("lr");
      if (live == null) {
        live = LogWriter.open(logs.resolve("a"));
      }
      live.addScalar("lr", STEPS + 20, 4.0);
      live.flush();
      waiting(5).until(d -> !note("lr").equals(shown));
    } finally {
      for (String handle : browser.getWindowHandles()) {
        if (!handle.equals(first)) {
          browser.switchTo().window(handle);
          browser.close();
        }
      }
      browser.switchTo().window(first);
    }
  }

  @Test
  void aPluginDroppedIntoPluginsAppearsInTheOpenPageAndGoes() throws Exception {
    Path example;
    try (Stream<Path> s = Files.list(VisualDLProcess.home().resolve("examples/plugins"))) {
      example = s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
    }
    Path dropped = VisualDLProcess.home().resolve("plugins").resolve(example.getFileName());
    try {
      Files.copy(example, dropped, StandardCopyOption.REPLACE_EXISTING);
      waiting(10).until(d -> !browser.findElements(By.cssSelector("button[data-plugin=run-summary]")).isEmpty());
      browser.findElement(By.cssSelector("button[data-plugin=run-summary]")).click();
      waiting(10).until(d -> browser.findElements(By.cssSelector("table.run-summary tr[data-run]")).size() == 2);
      screenshot("plugin-dropped-in");
      Files.delete(dropped);
      waiting(10).until(d -> browser.findElements(By.cssSelector("button[data-plugin=run-summary]")).isEmpty());
    } finally {
      VisualDLProcess.deleteQuietly(dropped);
    }
  }
}
