package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/** The histogram dashboard in headless Chromium against the packaged server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistogramBrowserIT {
  static final List<String> RUNS = List.of("a", "b");
  static final List<String> TAGS = List.of("weights/conv", "weights/fc");
  static final int STEPS = 20;

  @TempDir static Path logs;
  @TempDir static Path profile;
  static VisualDLProcess server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(profile);
    Random rnd = new Random(3);
    for (String run : RUNS) {
      try (LogWriter log = LogWriter.open(logs.resolve(run))) {
        double[] v = new double[2000];
        for (int step = 0; step < STEPS; step++) {
          for (String tag : TAGS) {
            for (int i = 0; i < v.length; i++) {
              v[i] = step * 0.05 + (0.2 + step * 0.03) * rnd.nextGaussian();
            }
            log.addHistogram(tag, step * 10L, v);
          }
        }
      }
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

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  /** Cards whose canvas shows every step in the given mode. */
  private static long drawnCards(String mode) {
    return drawnCards(mode, STEPS);
  }

  private static long drawnCards(String mode, int steps) {
    return browser.findElements(By.cssSelector("section.vdl-hist-card canvas")).stream()
        .filter(c -> mode.equals(c.getAttribute("data-mode"))
            && String.valueOf(steps).equals(c.getAttribute("data-ridges")))
        .count();
  }

  /** Whether the canvas holds painted pixels (not a blank bitmap). */
  private static boolean painted(WebElement canvas) {
    Object n = browser.executeScript(
        "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;",
        canvas);
    return ((Number) n).longValue() > 1000;
  }

  @Test
  @Order(1)
  void offsetOverlayAndDistributionViewsDrawEveryRunAndTag() throws Exception {
    browser.get(server.url("/?plugin=histogram"));
    int cards = RUNS.size() * TAGS.size();
    try {
      waiting().until(d -> drawnCards("offset") == cards);
    } finally {
      HeadlessChromium.screenshot(browser, "histogram-offset");
    }
    for (WebElement canvas : browser.findElements(By.cssSelector("section.vdl-hist-card canvas"))) {
      assertTrue(painted(canvas), "ridges painted");
    }

    // Hover: the tooltip names a step, a range and a count.
    WebElement card = browser.findElement(
        By.cssSelector("section.vdl-hist-card[data-tag='weights/fc'][data-run='a']"));
    WebElement canvas = card.findElement(By.tagName("canvas"));
    new Actions(browser).moveToElement(canvas, 0, canvas.getSize().getHeight() / 2 - 40).perform();
    WebElement tip = card.findElement(By.cssSelector(".vdl-hist-tip"));
    waiting().until(d -> tip.isDisplayed());
    String text = tip.getText();
    assertTrue(text.matches("step \\d+ · \\[.+, .+\\) · count .+"), text);
    HeadlessChromium.screenshot(browser, "histogram-hover");

    browser.findElement(By.cssSelector(".vdl-hist-toolbar button[data-mode='overlay']")).click();
    waiting().until(d -> drawnCards("overlay") == cards);
    HeadlessChromium.screenshot(browser, "histogram-overlay");

    browser.findElement(By.cssSelector(".vdl-hist-toolbar button[data-mode='distribution']")).click();
    waiting().until(d -> browser.findElements(By.cssSelector("section.vdl-hist-card .vdl-hist-plot"))
        .stream().filter(p -> String.valueOf(STEPS).equals(p.getAttribute("data-entries"))
            && !p.findElements(By.cssSelector(".uplot canvas")).isEmpty()).count() == cards);
    WebElement over = browser.findElement(
        By.cssSelector("section.vdl-hist-card[data-tag='weights/conv'][data-run='b'] .u-over"));
    new Actions(browser).moveToElement(over).perform();
    WebElement distTip = browser.findElement(
        By.cssSelector("section.vdl-hist-card[data-tag='weights/conv'][data-run='b'] .vdl-hist-tip"));
    waiting().until(d -> distTip.isDisplayed());
    assertTrue(distTip.getText().matches("step \\d+ · median .+ · 68% \\[.+\\] · range \\[.+\\]"),
        distTip.getText());
    HeadlessChromium.screenshot(browser, "histogram-distribution");
    for (WebElement c : browser.findElements(By.cssSelector("section.vdl-hist-card .uplot canvas"))) {
      assertTrue(painted(c), "percentile bands painted");
    }
    assertEquals(List.of(), HeadlessChromium.severeConsoleMessages(browser));
  }

  @Test
  @Order(2)
  void tagFilterAndRunSelectionChooseTheCards() throws Exception {
    browser.get(server.url("/?plugin=histogram&tags=conv&hide=b"));
    waiting().until(d -> drawnCards("offset") == 1);
    WebElement card = browser.findElement(By.cssSelector("section.vdl-hist-card"));
    assertEquals("weights/conv", card.getAttribute("data-tag"));
    assertEquals("a", card.getAttribute("data-run"));
    HeadlessChromium.screenshot(browser, "histogram-filtered");
  }

  @Test
  @Order(3)
  void aNewStepAppearsWithoutReloading() throws Exception {
    browser.get(server.url("/?plugin=histogram"));
    waiting().until(d -> drawnCards("offset") == RUNS.size() * TAGS.size());
    double[] v = new double[500];
    java.util.Arrays.fill(v, 1.5);
    try (LogWriter log = LogWriter.open(logs.resolve("a"))) {
      log.addHistogram("weights/fc", STEPS * 10L, v);
    }
    waiting().until(d -> drawnCards("offset", STEPS + 1) == 1);
    WebElement card = browser.findElement(By.cssSelector(
        "section.vdl-hist-card[data-tag='weights/fc'][data-run='a'] canvas"));
    assertEquals(String.valueOf(STEPS + 1), card.getAttribute("data-ridges"));
    HeadlessChromium.screenshot(browser, "histogram-live");
  }
}
