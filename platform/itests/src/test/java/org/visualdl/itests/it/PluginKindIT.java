package org.visualdl.itests.it;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A new kind end to end, with nothing but one bundle: the SDK writes data of a kind no part of
 * VisualDL knows ({@code tally}, from {@code platform/itests-tally-plugin}) as samples and as
 * blobs; the maintainer keeps it by shape; the kind's plugin, installed next to the usual
 * runtime, serves it over HTTP.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginKindIT extends VisualDLTestSupport {

  @Configuration
  public Option[] configuration() {
    return once(() -> options(
        visualdlRuntime(freePort(), SdkLogs.writeTallies(newLogDirectory("PluginKindIT"))),
        bundle(visualdlUrl("org.visualdl.itests.tally")).startLevel(LEVEL_VISUALDL)));
  }

  @Before
  public void serverReady() throws InterruptedException {
    awaitServerReady();
  }

  @Test
  public void samplesOfANewKindReachItsPlugin() throws Exception {
    JsonNode v = awaitJson("/api/plugins/tally/values" + query("run", "run", "tag", "clicks"),
        Duration.ofSeconds(20), j -> j.path("values").size() == 5);
    assertEquals("samples", v.path("shape").asText());
    List<Long> counts = new ArrayList<>();
    v.path("values").forEach(x -> counts.add(x.path("count").asLong()));
    assertEquals(List.of(0L, 10L, 20L, 30L, 40L), counts);
  }

  @Test
  public void blobsOfANewKindAreReadAgainFromDisk() throws Exception {
    JsonNode v = awaitJson("/api/plugins/tally/values" + query("run", "run", "tag", "scans"),
        Duration.ofSeconds(20), j -> j.path("values").size() == 5);
    assertEquals("blobs", v.path("shape").asText());
    assertEquals(400, v.path("values").get(4).path("count").asLong());
    assertEquals("scan 4", v.path("values").get(4).path("label").asText());
  }

  @Test
  public void theKindsTagsAndErrorsComeThroughTheCoreRoutes() throws Exception {
    JsonNode tags = getJson("/api/plugins/tally/tags");
    assertEquals("[\"clicks\",\"scans\"]", tags.path("run").toString());
    Answer missing = get("/api/plugins/tally/values" + query("run", "run", "tag", "nope"));
    assertEquals(404, missing.status());
    Answer noRun = get("/api/plugins/tally/values" + query("run", "nope", "tag", "clicks"));
    assertEquals(404, noRun.status());
    assertEquals("no run named 'nope'", noRun.json().path("error").asText());
  }
}
