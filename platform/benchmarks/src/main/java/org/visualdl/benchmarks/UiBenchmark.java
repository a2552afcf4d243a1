package org.visualdl.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.visualdl.sdk.LogWriter;

/**
 * The UI benchmark, in Debian's headless Chromium against the packaged server (not a test: it
 * prints numbers beside their targets and a baseline measured in the same page):
 *
 * <ul>
 *   <li>first chart drawn after page load on the demo, against the page's own DOMContentLoaded;
 *   <li>a 1 M-point series re-rendered on drag-zoom, against drawing all its raw points;
 *   <li>10,000 runs: API listing latency, the run list's first render and the longest frame while
 *       scrolling it, against rendering every row without virtualisation.
 * </ul>
 *
 * <pre>
 * java -cp platform/benchmarks/target/benchmarks.jar org.visualdl.benchmarks.UiBenchmark \
 *     [--dist distribution/target/visualdl-0.1.0-SNAPSHOT] [--work /tmp/visualdl-ui-bench]
 * </pre>
 */
public final class UiBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/visualdl-0.1.0-SNAPSHOT");
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "visualdl-ui-bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dist" -> dist = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> {
          System.err.println("usage: UiBenchmark [--dist DIR] [--work DIR]");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(work);
    List<String[]> rows = new ArrayList<>();

    // 1. First chart on the demo.
    try (Served demo = Served.start(dist, "demo", "--logdir", Files.createTempDirectory(work, "demo").toString());
        Browser b = Browser.start(work.resolve("profile-1"))) {
      double[] first = new double[5];
      double[] dom = new double[5];
      for (int i = 0; i < first.length; i++) {
        b.driver.get(demo.url("/"));
        first[i] = b.awaitMark("vdl-scalar:first-chart", 30);
        dom[i] = ((Number) b.js("return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")).doubleValue();
      }
      rows.add(new String[] {"first chart after navigation, demo (ms)", stats(first), "<= 1000",
          "page's DOMContentLoaded: " + stats(dom)});
    }

    // 2. Zoom on a 1 M-point series.
    Path big = work.resolve("big");
    if (!Files.exists(big.resolve(".complete"))) {
      try (LogWriter w = LogWriter.open(big.resolve("run"))) {
        for (int step = 0; step < 1_000_000; step++) {
          w.addScalar("big/series", step, Math.sin(step / 1000.0) + (step % 97 == 0 ? 0.3 : 0));
        }
      }
      Files.writeString(big.resolve(".complete"), "");
    }
    try (Served s = Served.start(dist, "--logdir", big.toString());
        Browser b = Browser.start(work.resolve("profile-2"))) {
      b.driver.get(s.url("/?tags=big"));
      b.awaitMark("vdl-scalar:first-chart", 30);
      double[] zoom = new double[5];
      for (int i = 0; i < zoom.length; i++) {
        b.js("performance.clearMarks('vdl-scalar:zoom-start'); performance.clearMarks('vdl-scalar:zoom-drawn')");
        WebElement over = b.driver.findElement(By.cssSelector("section.vdl-scalar-card .u-over"));
        int w = over.getSize().getWidth();
        new Actions(b.driver).moveToElement(over, -w / 2 + 20 + i * 10, 0).clickAndHold()
            .moveByOffset(w / 4, 0).release().perform();
        double drawn = b.awaitMark("vdl-scalar:zoom-drawn", 30);
        double start = ((Number) b.js("return performance.getEntriesByName('vdl-scalar:zoom-start')[0].startTime")).doubleValue();
        zoom[i] = drawn - start;
        new Actions(b.driver)
            .doubleClick(b.driver.findElement(By.cssSelector("section.vdl-scalar-card .u-over"))).perform();
        Thread.sleep(300);
      }
      Object raw = ((JavascriptExecutor) b.driver).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          (async () => {
            const uPlot = (await import('/static/lib/uPlot.esm.js')).default;
            const t0 = performance.now();
            const s = await (await fetch('/api/plugins/scalar/series?run=run&tag=big/series&points=1000000')).json();
            const t1 = performance.now();
            const div = document.createElement('div');
            document.body.append(div);
            const p = new uPlot({width: 600, height: 240, series: [{}, {stroke: 'red'}], scales: {x: {time: false}}},
              [Float64Array.from(s.steps), Float64Array.from(s.values)], div);
            const t2 = performance.now();
            p.destroy(); div.remove();
            done([t1 - t0, t2 - t1]);
          })();
          """);
      List<?> r = (List<?>) raw;
      rows.add(new String[] {"1 M-point series: drag-zoom to redrawn (ms)", stats(zoom), "<= 500",
          String.format("every raw point: fetch %.0f + draw %.0f", ((Number) r.get(0)).doubleValue(),
              ((Number) r.get(1)).doubleValue())});
    }

    // 3. 10,000 runs.
    Path many = work.resolve("runs-10000");
    if (!Files.exists(many.resolve(".complete"))) {
      System.out.println("Writing 10,000 runs ...");
      for (int r = 0; r < 10_000; r++) {
        try (LogWriter w = LogWriter.open(many.resolve(String.format("sweep/run-%05d", r)))) {
          for (int t = 0; t < 10; t++) {
            for (int step = 0; step < 5; step++) {
              w.addScalar("tag-" + t, step, r + step);
            }
          }
        }
      }
      Files.writeString(many.resolve(".complete"), "");
    }
    try (Served s = Served.start(dist, "--logdir", many.toString());
        Browser b = Browser.start(work.resolve("profile-3"))) {
      s.awaitRuns(10_000);
      long[] list = new long[50];
      long[] tags = new long[50];
      for (int i = -5; i < list.length; i++) {
        long t0 = System.nanoTime();
        s.get("/api/runs");
        long t1 = System.nanoTime();
        s.get("/api/plugins/scalar/tags");
        long t2 = System.nanoTime();
        if (i >= 0) {
          list[i] = t1 - t0;
          tags[i] = t2 - t1;
        }
      }
      Arrays.sort(list);
      Arrays.sort(tags);
      rows.add(new String[] {"10,000 runs: GET /api/runs p50/p99 (ms)", ms(list, 0.5) + " / " + ms(list, 0.99),
          "p99 <= 200", ""});
      rows.add(new String[] {"10,000 x 10 tags: GET .../scalar/tags p50/p99 (ms)",
          ms(tags, 0.5) + " / " + ms(tags, 0.99), "p99 <= 200", ""});
      // The tag filter matches nothing, so only the run list is measured.
      b.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
          window.__longest = 0;
          new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
            .observe({type: 'longtask', buffered: true});
          """));
      b.driver.get(s.url("/?tags=%5Enothing%24"));
      new WebDriverWait(b.driver, Duration.ofSeconds(60))
          .until(d -> !d.findElements(By.cssSelector("#runs .run-row")).isEmpty());
      double listed = ((Number) b.js("return performance.now()")).doubleValue();
      Object frames = ((JavascriptExecutor) b.driver).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          const list = document.getElementById('runs');
          let worst = 0, last = performance.now(), y = 0;
          function step() {
            const now = performance.now();
            worst = Math.max(worst, now - last);
            last = now;
            y += 800;
            list.scrollTop = y;
            if (y < list.scrollHeight) requestAnimationFrame(step); else done([worst, window.__longest]);
          }
          requestAnimationFrame(step);
          """);
      List<?> f = (List<?>) frames;
      double naive = ((Number) b.js("""
          const t0 = performance.now();
          const box = document.createElement('div');
          for (let i = 0; i < 10000; i++) {
            const l = document.createElement('label');
            const c = document.createElement('input'); c.type = 'checkbox';
            l.append(c, document.createTextNode('sweep/run-' + i));
            box.append(l);
          }
          document.body.append(box);
          box.getBoundingClientRect();
          const t = performance.now() - t0;
          box.remove();
          return t;
          """)).doubleValue();
      rows.add(new String[] {"10,000 runs: run list shown after navigation (ms)", String.format("%.0f", listed),
          "responsive", ""});
      rows.add(new String[] {"10,000 runs: longest frame scrolling the list (ms)",
          String.format("%.0f", ((Number) f.get(0)).doubleValue()), "no freeze (< 100)",
          String.format("all 10,000 rows at once: %.0f ms; longest task %.0f ms", naive,
              ((Number) f.get(1)).doubleValue())});
    }

    System.out.println();
    String fmt = "| %-50s | %-26s | %-18s | %-46s |%n";
    System.out.printf(fmt, "what", "result (median, range)", "target", "baseline (same page)");
    System.out.printf(fmt, "-".repeat(50), "-".repeat(26), "-".repeat(18), "-".repeat(46));
    for (String[] r : rows) {
      System.out.printf(fmt, (Object[]) r);
    }
  }

  private static String stats(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return String.format("%.0f (%.0f-%.0f)", s[s.length / 2], s[0], s[s.length - 1]);
  }

  private static String ms(long[] sorted, double q) {
    return String.format("%.1f", sorted[(int) Math.round(q * (sorted.length - 1))] / 1e6);
  }

  /** The packaged server in its own process. */
  private record Served(Process process, int port) implements AutoCloseable {
    static Served start(Path dist, String... args) throws Exception {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin/visualdl").toString()));
      cmd.addAll(List.of(args));
      cmd.addAll(List.of("--port", Integer.toString(port)));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
      Served s = new Served(pb.start(), port);
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline) {
        try {
          if (s.get("/api/health").statusCode() == 200) {
            return s;
          }
        } catch (IOException e) {
          // not yet
        }
        Thread.sleep(50);
      }
      s.close();
      throw new IllegalStateException("server did not start");
    }

    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    void awaitRuns(int n) throws Exception {
      long deadline = System.currentTimeMillis() + 300_000;
      while (System.currentTimeMillis() < deadline) {
        if (get("/api/health").body().contains("\"runs\":" + n + ",")) {
          return;
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException("runs not loaded");
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Headless Chromium with the flags this machine needs. */
  private record Browser(ChromeDriver driver) implements AutoCloseable {
    static Browser start(Path profile) {
      ChromeOptions o = new ChromeOptions();
      o.setBinary("/usr/bin/chromium");
      o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
      ChromeDriverService svc = new ChromeDriverService.Builder()
          .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
      return new Browser(new ChromeDriver(svc, o));
    }

    Object js(String script) {
      return ((JavascriptExecutor) driver).executeScript(script);
    }

    double awaitMark(String name, int seconds) {
      Object v = new WebDriverWait(driver, Duration.ofSeconds(seconds)).until(d -> js(
          "const m = performance.getEntriesByName('" + name + "'); return m.length ? m[m.length - 1].startTime : null"));
      return ((Number) v).doubleValue();
    }

    @Override
    public void close() {
      driver.quit();
    }
  }
}
