package org.visualdl.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/** The image dashboard in headless Chromium against the packaged server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageBrowserIT {
  static final int STEPS = 5;

  @TempDir static Path logs;
  @TempDir static Path profile;
  static VisualDLProcess server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(profile);
    for (String run : List.of("a", "b")) {
      try (LogWriter log = LogWriter.open(logs.resolve(run))) {
        for (int step = 0; step < STEPS; step++) {
          // Width tells the step: the shown image's natural width proves which one loaded.
          log.addImage("samples/pattern", step * 100L, ImageRoutesIT.pattern(step, 40 + step * 10, 30));
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

  private static WebElement card(String run) {
    return browser.findElement(
        By.cssSelector("section.vdl-img-card[data-tag='samples/pattern'][data-run='" + run + "']"));
  }

  private static long naturalWidth(WebElement img) {
    return ((Number) browser.executeScript(
        "return arguments[0].complete ? arguments[0].naturalWidth : 0;", img)).longValue();
  }

  @Test
  @Order(1)
  void slidersPickTheStepLinkedSlidersMoveTogetherAndClickOpensFullSize() throws Exception {
    browser.get(server.url("/?plugin=image"));
    try {
      waiting().until(d -> d.findElements(By.cssSelector("section.vdl-img-card")).size() == 2
          && naturalWidth(card("a").findElement(By.tagName("img"))) == 40 + (STEPS - 1) * 10);
    } finally {
      HeadlessChromium.screenshot(browser, "images");
    }
    WebElement imgA = card("a").findElement(By.tagName("img"));
    assertTrue(imgA.getAttribute("src").contains("step=" + (STEPS - 1) * 100 + "&"),
        "the newest step is shown first: " + imgA.getAttribute("src"));

    // The slider picks an older step: the image source and the decoded image change.
    WebElement sliderA = card("a").findElement(By.cssSelector("input[type=range]"));
    sliderA.sendKeys(Keys.HOME);
    waiting().until(d -> imgA.getAttribute("src").contains("step=0&") && naturalWidth(imgA) == 40);
    assertEquals("0", card("a").getAttribute("data-step"));
    assertEquals(String.valueOf((STEPS - 1) * 100), card("b").getAttribute("data-step"),
        "unlinked sliders move alone");

    // Linked: moving one slider moves the other to the same step.
    browser.findElement(By.cssSelector(".vdl-img-toolbar input[name='vdl-img-link']")).click();
    sliderA.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
    WebElement imgB = card("b").findElement(By.tagName("img"));
    waiting().until(d -> "200".equals(card("b").getAttribute("data-step"))
        && imgB.getAttribute("src").contains("step=200&") && naturalWidth(imgB) == 60);
    HeadlessChromium.screenshot(browser, "images-linked");

    // Actual size shows the image at its own width; fit stretches it to the card.
    browser.findElement(By.cssSelector(".vdl-img-toolbar input[name='vdl-img-actual']")).click();
    waiting().until(d -> imgB.getSize().getWidth() == 60);
    browser.findElement(By.cssSelector(".vdl-img-toolbar input[name='vdl-img-actual']")).click();
    waiting().until(d -> imgB.getSize().getWidth() > 60);

    // Click: the full-size image opens in an overlay in the page; Escape closes it.
    imgB.click();
    WebElement overlay = browser.findElement(By.cssSelector(".vdl-img-overlay"));
    waiting().until(d -> overlay.isDisplayed());
    WebElement big = overlay.findElement(By.tagName("img"));
    assertTrue(big.getAttribute("src").contains("step=200&"), big.getAttribute("src"));
    waiting().until(d -> naturalWidth(big) == 60);
    assertEquals(1, browser.getWindowHandles().size(), "no new window");
    HeadlessChromium.screenshot(browser, "images-full-size");
    browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
    waiting().until(d -> !overlay.isDisplayed());
    assertEquals(List.of(), HeadlessChromium.severeConsoleMessages(browser));
  }

  @Test
  @Order(2)
  void aNewImageIsShownWithoutReloadingWhileTheSliderIsAtTheNewest() throws Exception {
    browser.get(server.url("/?plugin=image"));
    waiting().until(d -> d.findElements(By.cssSelector("section.vdl-img-card")).size() == 2
        && String.valueOf((STEPS - 1) * 100).equals(card("b").getAttribute("data-step")));
    try (LogWriter log = LogWriter.open(logs.resolve("b"))) {
      log.addImage("samples/pattern", STEPS * 100L, ImageRoutesIT.pattern(STEPS, 123, 30));
    }
    WebElement imgB = card("b").findElement(By.tagName("img"));
    waiting().until(d -> String.valueOf(STEPS * 100).equals(card("b").getAttribute("data-step"))
        && naturalWidth(imgB) == 123);
    assertEquals(String.valueOf((STEPS - 1) * 100), card("a").getAttribute("data-step"));
  }
}
