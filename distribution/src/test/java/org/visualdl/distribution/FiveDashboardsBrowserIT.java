package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/**
 * The text, audio, PR curve, ROC curve and hparams dashboards in headless Chromium, opened at
 * {@code /?plugin=<name>} on {@code bin/visualdl demo}, plus one run of our own with hostile text
 * (which also shows the empty state of a tab the run has no data of). Screenshots under
 * target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FiveDashboardsBrowserIT {
  static final String HOSTILE = "Hostile input:\n\n"
      + "<script>window.__xss = 'script'</script>\n\n"
      + "<img src=x onerror=\"window.__xss = 'onerror'\">\n\n"
      + "<a href=\"javascript:window.__xss = 'href'\" id=\"bad\">a link</a>\n\n"
      + "<div onmouseover=\"window.__xss = 'hover'\">hover me</div>\n\n"
      + "![tracker](http://127.0.0.1:1/pixel.png)\n";
  static final String DEMO_RUNS = "runFilter=" + java.net.URLEncoder.encode(
      "^(resnet50|mobilenet)/", java.nio.charset.StandardCharsets.UTF_8);

  @TempDir static Path logs;
  @TempDir static Path profile;
  static VisualDLProcess server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(profile);
    try (LogWriter log = LogWriter.open(logs.resolve("untrusted"))) {
      log.addText("notes/summary", 0, HOSTILE);
    }
    server = VisualDLProcess.start("demo", "--logdir", logs.toString());
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
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  /** How many pixels of a canvas are not transparent: > 0 means something was drawn. */
  private static long drawnPixels(WebElement canvas) {
    return ((Number) browser.executeScript("""
        const c = arguments[0];
        if (!c.width || !c.height) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
        return n;""", canvas)).longValue();
  }

  /**
   * Severe console messages, but for Chromium's report that DOMPurify's DOMParser.parseFromString
   * (an inert document: nothing in it runs) met an inline handler of hostile text; the CSP
   * refused it there too (see cure53/DOMPurify#107). Whether anything ran is checked separately.
   */
  private static List<String> consoleErrors() {
    return HeadlessChromium.severeConsoleMessages(browser).stream().map(Object::toString)
        .filter(m -> !(m.contains("/plugins/text/lib/purify.es.mjs")
            && m.contains("Executing inline event handler violates")))
        .toList();
  }

  private static void open(String query) {
    browser.get(server.url("/?" + query));
  }

  @Test
  @Order(1)
  void textRendersMarkdownBlocksRemoteImagesAndRunsNoScript() throws Exception {
    open("plugin=text");
    By demoCard = By.cssSelector("section.vdl-text-card[data-run='resnet50/lr-0.1'] .vdl-text-body table");
    By hostileCard = By.cssSelector("section.vdl-text-card[data-run='untrusted'] .vdl-text-body");
    try {
      waiting().until(d -> !d.findElements(demoCard).isEmpty() && !d.findElements(hostileCard).isEmpty());
    } finally {
      HeadlessChromium.screenshot(browser, "text");
    }
    assertEquals(4, browser.findElements(By.cssSelector("section.vdl-text-card")).size(),
        "three demo runs and ours");
    WebElement body = browser.findElement(
        By.cssSelector("section.vdl-text-card[data-run='resnet50/lr-0.1'] .vdl-text-body"));
    assertEquals("4500",
        browser.findElement(By.cssSelector("section.vdl-text-card[data-run='resnet50/lr-0.1']")).getAttribute("data-step"),
        "the newest text is shown");
    assertTrue(body.findElement(By.tagName("h2")).getText().contains("step 4500"));
    assertEquals(3, body.findElements(By.cssSelector("table tr")).size(), "header and two rows");
    assertTrue(body.findElement(By.cssSelector("pre code")).getText().contains("optimizer.step()"));
    assertEquals(2, body.findElements(By.cssSelector("ul li")).size());
    WebElement link = body.findElement(By.cssSelector("a[href^='https://github.com/']"));
    assertEquals("_blank", link.getAttribute("target"));
    assertTrue(body.findElement(By.cssSelector(".vdl-text-blocked")).getText().contains("remote chart"),
        "the remote image is replaced by its alt text");
    assertEquals(0L, ((Number) browser.executeScript(
        "return document.querySelectorAll('.vdl-text-body img').length")).longValue(),
        "no image element at all: none came as data: URLs");
    assertEquals(0L, ((Number) browser.executeScript(
        "return performance.getEntriesByType('resource').filter(e => !e.name.startsWith(location.origin)).length"))
        .longValue(), "nothing was fetched from another origin");

    // Hostile HTML: nothing of it runs, not even on hover or click.
    WebElement hostile = browser.findElement(hostileCard);
    new org.openqa.selenium.interactions.Actions(browser)
        .moveToElement(hostile.findElement(By.xpath(".//*[contains(text(), 'hover me')]"))).perform();
    for (WebElement a : hostile.findElements(By.tagName("a"))) {
      String href = a.getAttribute("href");
      assertTrue(href == null || !href.startsWith("javascript:"), href);
    }
    assertEquals(0L, ((Number) browser.executeScript("""
        let n = 0;
        for (const e of document.querySelectorAll('.vdl-text-body *'))
          for (const a of e.attributes) if (a.name.startsWith('on')) n++;
        return n + document.querySelectorAll('.vdl-text-body script').length;""")).longValue());
    Thread.sleep(300);
    assertEquals(null, browser.executeScript("return window.__xss ?? null"), "no script ran");
    assertEquals(List.of(), consoleErrors());
  }

  @Test
  @Order(2)
  void audioShowsPlayersWaveformsDurationAndSampleRate() throws Exception {
    open("plugin=audio&" + DEMO_RUNS);
    By cards = By.cssSelector("section.vdl-audio-card");
    try {
      waiting().until(d -> d.findElements(cards).size() == 3
          && d.findElements(cards).stream().allMatch(c -> drawnPixels(c.findElement(By.tagName("canvas"))) > 0)
          && d.findElements(cards).stream().allMatch(c -> (Boolean) browser.executeScript(
              "const a = arguments[0]; return a.readyState >= 1 && Math.abs(a.duration - 1) < 0.01;",
              c.findElement(By.tagName("audio")))));
    } finally {
      HeadlessChromium.screenshot(browser, "audio");
    }
    for (WebElement c : browser.findElements(cards)) {
      String meta = c.findElement(By.cssSelector(".vdl-audio-meta")).getText();
      assertTrue(meta.contains("1.00 s") && meta.contains("16000 Hz") && meta.contains("1 ch"), meta);
      assertTrue(c.findElement(By.tagName("audio")).getAttribute("src").contains("/api/plugins/audio/blob?"));
    }
    WebElement first = browser.findElement(By.cssSelector("section.vdl-audio-card[data-run='resnet50/lr-0.1']"));
    assertEquals("4", first.findElement(By.cssSelector("input[type=range]")).getAttribute("max"), "five clips");
    assertTrue(first.findElement(By.cssSelector(".vdl-audio-step")).getText().contains("4999"),
        first.findElement(By.cssSelector(".vdl-audio-step")).getText());
    assertEquals(List.of(), consoleErrors());
  }

  private static void curves(String plugin, String tag, String shot) throws Exception {
    open("plugin=" + plugin + "&" + DEMO_RUNS);
    By card = By.cssSelector("section.vdl-curve-card[data-tag='" + tag + "']");
    try {
      waiting().until(d -> !d.findElements(card).isEmpty()
          && d.findElement(card).findElements(By.cssSelector(".vdl-curve-legend .vdl-curve-run")).size() == 3
          && d.findElement(card).findElements(By.tagName("canvas")).stream().anyMatch(c -> drawnPixels(c) > 1000));
    } finally {
      HeadlessChromium.screenshot(browser, shot);
    }
    WebElement c = browser.findElement(card);
    assertEquals("4999", c.getAttribute("data-step"));
    List<String> runs = c.findElements(By.cssSelector(".vdl-curve-legend .vdl-curve-run")).stream()
        .map(e -> e.getAttribute("data-run")).sorted().toList();
    assertEquals(List.of("mobilenet/baseline", "resnet50/lr-0.01", "resnet50/lr-0.1"), runs,
        "one series per run");
    assertEquals(List.of(), consoleErrors());
  }

  @Test
  @Order(3)
  void prCurvesOverlayOneSeriesPerRun() throws Exception {
    curves("pr-curve", "pr/cat", "pr-curve");
  }

  @Test
  @Order(4)
  void rocCurvesShowEachRunsAuc() throws Exception {
    curves("roc-curve", "roc/cat", "roc-curve");
    WebElement card = browser.findElement(By.cssSelector("section.vdl-curve-card[data-tag='roc/cat']"));
    double best = 0;
    for (WebElement item : card.findElements(By.cssSelector(".vdl-curve-legend .vdl-curve-run"))) {
      String text = item.findElement(By.cssSelector(".vdl-curve-auc")).getText();
      assertTrue(text.matches("AUC [01]\\.\\d{4}"), text);
      double auc = Double.parseDouble(item.getAttribute("data-auc"));
      assertTrue(auc > 0.7 && auc < 1, "the demo's curves improve with the step: " + auc);
      if (item.getAttribute("data-run").equals("resnet50/lr-0.1")) {
        best = auc;
      }
    }
    for (WebElement item : card.findElements(By.cssSelector(".vdl-curve-legend .vdl-curve-run"))) {
      assertTrue(best >= Double.parseDouble(item.getAttribute("data-auc")), "the fastest learner is best");
    }
  }

  @Test
  @Order(5)
  void hparamsTableParallelScatterAndASessionsCurves() throws Exception {
    open("plugin=hparams&runFilter=" + java.net.URLEncoder.encode("^hparams-demo/", java.nio.charset.StandardCharsets.UTF_8));
    By rows = By.cssSelector(".vdl-hp-tr[data-row]:not([hidden])");
    try {
      waiting().until(d -> d.findElements(rows).stream().filter(r -> !r.getAttribute("data-row").isEmpty()).count() == 13);
    } finally {
      HeadlessChromium.screenshot(browser, "hparams-table");
    }
    String header = browser.findElement(By.cssSelector(".vdl-hp-thead")).getText();
    for (String col : List.of("lr", "optimizer", "augment", "batch", "layers", "train/loss", "eval/accuracy")) {
      assertTrue(header.contains(col), "column " + col + " in " + header);
    }
    assertTrue(browser.findElement(By.cssSelector(".vdl-hp-count")).getText().contains("13"));

    browser.findElement(By.cssSelector(".vdl-hp-views button[data-view='parallel']")).click();
    waiting().until(d -> d.findElements(By.cssSelector(".vdl-hp-view canvas")).stream().anyMatch(c -> drawnPixels(c) > 1000));
    HeadlessChromium.screenshot(browser, "hparams-parallel");

    browser.findElement(By.cssSelector(".vdl-hp-views button[data-view='scatter']")).click();
    waiting().until(d -> d.findElements(By.cssSelector(".vdl-hp-view canvas")).stream().anyMatch(c -> drawnPixels(c) > 1000));
    HeadlessChromium.screenshot(browser, "hparams-scatter");

    // A session's curves: back to the table, click the first row.
    browser.findElement(By.cssSelector(".vdl-hp-views button[data-view='table']")).click();
    WebElement row = waiting().until(d -> d.findElements(rows).stream()
        .filter(r -> r.getAttribute("data-row").equals("0")).findFirst().orElse(null));
    String run = row.getText();
    row.click();
    By charts = By.cssSelector(".vdl-hp-detail .vdl-hp-chart");
    try {
      waiting().until(d -> d.findElements(charts).size() == 2
          && d.findElements(charts).stream().allMatch(c -> c.findElements(By.tagName("canvas")).stream()
              .anyMatch(cv -> drawnPixels(cv) > 500)));
    } finally {
      browser.executeScript("document.querySelector('.vdl-hp-detail')?.scrollIntoView()");
      HeadlessChromium.screenshot(browser, "hparams-session");
    }
    String detail = browser.findElement(By.cssSelector(".vdl-hp-detail")).getText();
    assertTrue(detail.contains("train/loss") && detail.contains("eval/accuracy"), detail);
    assertTrue(run.contains(detail.split("\n")[0].trim()) || detail.contains("hparams-demo/"), run + " / " + detail);
    assertEquals(List.of(), consoleErrors());
  }

  @Test
  @Order(6)
  void aTabWithoutTheRunsDataSaysWhichTabsHaveIt() throws Exception {
    open("plugin=scalar&runFilter=" + java.net.URLEncoder.encode("^untrusted$", java.nio.charset.StandardCharsets.UTF_8));
    By note = By.cssSelector(".vdl-other-tabs");
    try {
      waiting().until(d -> !d.findElements(note).isEmpty());
    } finally {
      HeadlessChromium.screenshot(browser, "empty-state");
    }
    WebElement p = browser.findElement(note);
    assertTrue(p.getText().startsWith("This run has text."), p.getText());
    assertFalse(browser.findElement(By.id("content")).getText().contains("tag filter"),
        "no filter hint: " + browser.findElement(By.id("content")).getText());
    p.findElement(By.cssSelector("a[data-plugin='text']")).click();
    waiting().until(d -> !d.findElements(By.cssSelector("section.vdl-text-card[data-run='untrusted']")).isEmpty());
    assertTrue(browser.getCurrentUrl().contains("plugin=text"), browser.getCurrentUrl());

    // A curve tab on an hparams run: it has scalars and hyperparameters.
    open("plugin=pr-curve&runFilter=" + java.net.URLEncoder.encode("^hparams-demo/lr-0.1-adam-aug$", java.nio.charset.StandardCharsets.UTF_8));
    waiting().until(d -> !d.findElements(note).isEmpty());
    assertEquals("This run has scalars and hyperparameters. Scalars Hyperparameters",
        browser.findElement(note).getText());
    assertEquals(List.of(), consoleErrors());
  }
}
