package org.visualdl.itests.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The HTTP contract of issue 2, on logs written by the Java SDK in nested run folders. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpContractIT extends VisualDLTestSupport {

  @Configuration
  public Option[] configuration() {
    return once(() -> options(visualdlRuntime(freePort(), sdkWrittenLogs("HttpContractIT"))));
  }

  @Before
  public void serverReady() throws InterruptedException {
    awaitServerReady();
  }

  @Test
  public void healthSaysOk() throws Exception {
    Answer a = get("/api/health");
    assertEquals(200, a.status());
    assertTrue(a.contentType(), a.contentType().startsWith("application/json"));
    JsonNode h = a.json();
    assertEquals("ok", h.path("status").asText());
    assertEquals(h.toString(), 3, h.path("runs").asInt());
    assertEquals(h.toString(), 0, h.path("problems").size());
  }

  @Test
  public void runsAreTheFoldersRelativeToTheLogDirectory() throws Exception {
    JsonNode runs = getJson("/api/runs");
    assertTrue(runs.isArray());
    List<String> names = new ArrayList<>();
    runs.forEach(r -> names.add(r.path("name").asText()));
    Collections.sort(names);
    assertEquals(List.of(".", "exp1/eval", "exp1/train"), names);
  }

  @Test
  public void pluginsListTheScalarPluginWithAModuleThatIsJavaScript() throws Exception {
    JsonNode scalar = plugin(getJson("/api/plugins"), "scalar");
    assertNotNull("scalar is not in /api/plugins", scalar);
    assertFalse(scalar.path("title").asText().isBlank());
    String module = scalar.path("module").asText();
    assertTrue(module, module.startsWith("/"));
    Answer js = get(module);
    assertEquals(module, 200, js.status());
    assertTrue(js.contentType(), js.contentType().contains("javascript"));
    assertTrue("empty module " + module, js.body().contains("export"));
  }

  @Test
  public void tagsAreListedPerRun() throws Exception {
    JsonNode tags = getJson("/api/plugins/scalar/tags");
    Map<String, List<String>> actual = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : tags.properties()) {
      List<String> list = new ArrayList<>();
      e.getValue().forEach(t -> list.add(t.asText()));
      Collections.sort(list);
      actual.put(e.getKey(), list);
    }
    assertEquals(ScalarData.tagsByRun(), actual);
  }

  @Test
  public void seriesAreExactlyTheValuesWrittenInStepOrder() throws Exception {
    for (ScalarData.Series s : ScalarData.ALL) {
      JsonNode series =
          getJson("/api/plugins/scalar/series" + query("run", s.run(), "tag", s.tag()));
      String what = s.run() + " " + s.tag();
      assertEquals(what, s.run(), series.path("run").asText());
      assertEquals(what, s.tag(), series.path("tag").asText());
      assertEquals(what, s.steps().length, series.path("total").asLong());
      assertFalse(what, series.path("downsampled").asBoolean(true));
      JsonNode steps = series.path("steps");
      JsonNode values = series.path("values");
      JsonNode wallTimes = series.path("wallTimes");
      assertEquals(what + " steps", s.steps().length, steps.size());
      assertEquals(what + " values", s.steps().length, values.size());
      assertEquals(what + " wallTimes", s.steps().length, wallTimes.size());
      for (int i = 0; i < s.steps().length; i++) {
        long step = s.steps()[i];
        assertEquals(what + " step #" + i, step, steps.get(i).asLong());
        double expected = s.value(step);
        double actual = number(values.get(i));
        // Double.equals: NaN equals NaN, -0.0 differs from 0.0, no tolerance.
        if (!Double.valueOf(expected).equals(actual)) {
          fail(what + " at step " + step + ": wrote " + expected + ", served " + values.get(i));
        }
        assertTrue(what + " wall time at step " + step, wallTimes.get(i).asLong() > 0);
      }
    }
  }

  @Test
  public void unknownRunTagOrPluginIs404WithAJsonError() throws Exception {
    assertJsonError(404, "/api/plugins/scalar/series" + query("run", "nope", "tag", "train/loss"));
    assertJsonError(404, "/api/plugins/scalar/series" + query("run", "exp1/train", "tag", "nope"));
    assertJsonError(404, "/api/plugins/nope/tags");
    assertJsonError(404, "/api/plugins/scalar/nope");
    assertJsonError(404, "/api/nope");
  }

  @Test
  public void missingParameterIs400WithAJsonError() throws Exception {
    assertJsonError(400, "/api/plugins/scalar/series" + query("run", "exp1/train"));
    assertJsonError(400, "/api/plugins/scalar/series" + query("tag", "train/loss"));
    assertJsonError(400, "/api/plugins/scalar/series");
  }

  /**
   * The server answers on 127.0.0.1 and refuses connections on every other address of this
   * machine: its non-loopback interfaces and IPv6 loopback (which a wildcard bind would accept).
   */
  @Test
  public void listensOnLoopbackOnly() throws Exception {
    assertEquals(HOST, bundleContext.getProperty(HOST_PROPERTY));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port()), 2000);
    }
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        boolean linkLocalV6 = a instanceof Inet6Address && a.isLinkLocalAddress();
        if (!a.getHostAddress().equals(HOST) && !linkLocalV6) {
          others.add(a);
        }
      }
    }
    assertFalse("this machine has no address but " + HOST + " to test against", others.isEmpty());
    for (InetAddress a : others) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a, port()), 2000);
        fail("the server accepted a connection on " + a.getHostAddress() + ":" + port());
      } catch (ConnectException expected) {
        // refused: nothing listens on that address
      }
    }
  }

  // ----------------------------------------------------------------------------------------------

  private void assertJsonError(int status, String pathAndQuery) throws Exception {
    Answer a = get(pathAndQuery);
    assertEquals(pathAndQuery + " -> " + a.body(), status, a.status());
    assertTrue(
        pathAndQuery + " " + a.contentType(), a.contentType().startsWith("application/json"));
    JsonNode error = a.json();
    assertEquals(a.body(), status, error.path("status").asInt());
    assertFalse(a.body(), error.path("error").asText().isBlank());
  }

  static JsonNode plugin(JsonNode plugins, String name) {
    for (JsonNode p : plugins) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    return null;
  }

  /** A JSON number, or Jackson's strings for the values JSON has no number for. */
  private static double number(JsonNode n) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    switch (n.asText()) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        throw new AssertionError("not a number: " + n);
    }
  }
}
