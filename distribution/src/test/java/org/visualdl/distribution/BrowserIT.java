package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/** The UI in a real browser (Debian's headless Chromium) against the packaged server. */
class BrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Set<String> TAGS = Set.of("train/loss", "train/accuracy", "eval/loss", "lr");

  @TempDir static Path logs;
  @TempDir static Path profile;
  static VisualDLProcess server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
    for (String run : List.of("a", "b")) {
      try (LogWriter log = LogWriter.open(logs.resolve(run))) {
        for (int step = 0; step < 500; step++) {
          for (String tag : TAGS) {
            log.addScalar(tag, step, Math.exp(-step / 100.0) + (run.equals("a") ? 0 : 0.1));
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
        "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
    LoggingPreferences prefs = new LoggingPreferences();
    prefs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
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

  static void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("visualdl.shot.dir", "target/screenshots"));
    Files.createDirectories(dir);
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
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

  @Test
  void drawsAChartForEveryTagWithEveryRunAndNoConsoleErrors() throws Exception {
    browser.get(server.url("/"));
    try {
      new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> chartTags().size() == TAGS.size());
    } finally {
      screenshot("scalars");
    }
    assertEquals(new TreeSet<>(TAGS), chartTags());
    WebElement lossCard =
        browser.findElement(By.cssSelector("section.vdl-scalar-card[data-tag='train/loss']"));
    String legend = lossCard.getText();
    assertTrue(legend.contains("a") && legend.contains("b"), legend);
    List<LogEntry> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  @Test
  void tagFilterHidesCharts() throws Exception {
    browser.get(server.url("/?tags=%5Etrain%2F"));
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> chartTags().equals(Set.of("train/accuracy", "train/loss")));
    screenshot("tag-filter");
  }
}
