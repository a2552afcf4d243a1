package org.visualdl.itests.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A plugin bundle installed into the running server appears in {@code /api/plugins} and serves
 * its routes and UI module; uninstalled, it is gone. This is what fileinstall does for a jar
 * copied into {@code plugins/}, without the file watching.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleIT extends VisualDLTestSupport {
  private static final String PLUGIN_URL_PROPERTY = "visualdl.itests.plugin.url";
  private static final String PLUGIN = "run-summary";
  private static final Duration WITHIN = Duration.ofSeconds(5);

  @Configuration
  public Option[] configuration() {
    return once(
        () ->
            options(
                visualdlRuntime(freePort(), sdkWrittenLogs("PluginLifecycleIT")),
                // installed by the test, not at boot
                frameworkProperty(PLUGIN_URL_PROPERTY)
                    .value(visualdlUrl("org.visualdl.example.runsummary"))));
  }

  @Test
  public void pluginInstalledAtRuntimeAppearsAndDisappearsOnUninstall() throws Exception {
    awaitServerReady();
    assertFalse(names(getJson("/api/plugins")).contains(PLUGIN));

    Bundle bundle = bundleContext.installBundle(bundleContext.getProperty(PLUGIN_URL_PROPERTY));
    bundle.start();
    assertEquals(Bundle.ACTIVE, bundle.getState());
    JsonNode plugins = awaitJson("/api/plugins", WITHIN, p -> names(p).contains(PLUGIN));
    assertTrue(names(plugins).contains("scalar"));

    // its own route answers over the data written by the SDK
    JsonNode runs = getJson("/api/plugins/" + PLUGIN + "/runs");
    assertEquals(List.of(".", "exp1/eval", "exp1/train"), names(runs, "run"));
    for (JsonNode r : runs) {
      int expected = ScalarData.tagsByRun().get(r.path("run").asText()).size();
      assertEquals(r.toString(), expected, r.path("tagsByKind").path("scalar").asInt());
    }
    // and its UI module is served from its bundle
    String module = HttpContractIT.plugin(plugins, PLUGIN).path("module").asText();
    Answer js = get(module);
    assertEquals(module, 200, js.status());
    assertTrue(js.contentType(), js.contentType().contains("javascript"));

    bundle.uninstall();
    awaitJson("/api/plugins", WITHIN, p -> !names(p).contains(PLUGIN));
    assertEquals(404, get("/api/plugins/" + PLUGIN + "/runs").status());
    assertEquals(404, get(module).status());

    // and it can come back: the server forgot the first registration entirely
    Bundle again = bundleContext.installBundle(bundleContext.getProperty(PLUGIN_URL_PROPERTY));
    again.start();
    awaitJson("/api/plugins", WITHIN, p -> names(p).contains(PLUGIN));
    again.uninstall();
    awaitJson("/api/plugins", WITHIN, p -> !names(p).contains(PLUGIN));
    assertTrue(names(getJson("/api/plugins")).contains("scalar"));
  }

  private static List<String> names(JsonNode array) {
    return names(array, "name");
  }

  private static List<String> names(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(p -> out.add(p.path(field).asText()));
    Collections.sort(out);
    return out;
  }
}
