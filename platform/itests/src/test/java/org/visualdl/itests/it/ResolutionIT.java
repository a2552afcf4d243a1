package org.visualdl.itests.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.FailedServletDTO;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

/**
 * Every bundle of the runtime resolves and starts, every VisualDL component is satisfied, and the
 * HTTP whiteboard took the server's servlet.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResolutionIT extends VisualDLTestSupport {
  /** The components the walking skeleton cannot work without. */
  private static final Set<String> REQUIRED_COMPONENTS =
      Set.of(
          "org.visualdl.maintainer.internal.InformationMaintainer",
          "org.visualdl.server.internal.ApiServlet",
          "org.visualdl.server.internal.ChangeFeed",
          "org.visualdl.maintainer.internal.ComputeExecutor",
          "org.visualdl.storage.RecordLogFormat",
          "org.visualdl.plugin.scalar.internal.ScalarPlugin");

  @Inject private ServiceComponentRuntime scr;

  @Inject private HttpServiceRuntime httpRuntime;

  @Configuration
  public Option[] configuration() {
    return once(() -> options(visualdlRuntime(freePort(), sdkWrittenLogs("ResolutionIT"))));
  }

  @Test
  public void everyBundleIsActiveAndFragmentsAreResolved() {
    List<String> wrong = new ArrayList<>();
    for (Bundle b : bundleContext.getBundles()) {
      boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
      int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
      if (b.getState() != expected) {
        wrong.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b.getState()));
      }
    }
    assertTrue("bundles not started: " + wrong, wrong.isEmpty());
  }

  @Test
  public void noBundleFailsToResolve() {
    FrameworkWiring wiring = bundleContext.getBundle(0).adapt(FrameworkWiring.class);
    assertTrue("some bundle does not resolve", wiring.resolveBundles(null));
  }

  @Test
  public void theRuntimeIsTheDistributionsBundles() {
    Set<String> names = new TreeSet<>();
    for (Bundle b : bundleContext.getBundles()) {
      names.add(b.getSymbolicName());
    }
    for (String expected :
        List.of(
            "org.visualdl.proto",
            "org.visualdl.api",
            "org.visualdl.storage",
            "org.visualdl.maintainer",
            "org.visualdl.server",
            "org.visualdl.plugin.scalar",
            "org.visualdl.plugin.histogram",
            "org.visualdl.plugin.image",
            "org.visualdl.plugin.text",
            "org.visualdl.plugin.audio",
            "org.visualdl.plugin.prcurve",
            "org.visualdl.plugin.roccurve",
            "org.visualdl.plugin.hparams",
            "org.visualdl.plugin.graph",
            "org.visualdl.plugin.embedding",
            "org.visualdl.format.tensorboard",
            "org.visualdl.format.visualdl2",
            "org.apache.felix.scr",
            "org.apache.felix.http.jetty12",
            "org.apache.felix.configadmin",
            "com.google.protobuf",
            "com.fasterxml.jackson.core.jackson-databind")) {
      assertTrue(expected + " is not installed: " + names, names.contains(expected));
    }
  }

  @Test
  public void everyVisualDLComponentIsSatisfied() {
    Set<String> seen = new TreeSet<>();
    List<String> wrong = new ArrayList<>();
    for (Bundle b : bundleContext.getBundles()) {
      if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith("org.visualdl.")) {
        continue;
      }
      for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
        seen.add(d.name);
        if (!scr.isComponentEnabled(d)) {
          wrong.add(d.name + " is disabled");
          continue;
        }
        var configurations = scr.getComponentConfigurationDTOs(d);
        if (configurations.isEmpty()) {
          wrong.add(d.name + " has no configuration");
        }
        for (ComponentConfigurationDTO c : configurations) {
          if (c.state != ComponentConfigurationDTO.ACTIVE
              && c.state != ComponentConfigurationDTO.SATISFIED) {
            wrong.add(d.name + " is " + componentState(c));
          }
        }
      }
    }
    assertTrue("missing components: " + seen, seen.containsAll(REQUIRED_COMPONENTS));
    assertTrue("components not satisfied: " + wrong, wrong.isEmpty());
  }

  @Test
  public void theWhiteboardServesTheServerServletAndRefusedNothing() throws Exception {
    assertEquals("ok", awaitServerReady().path("status").asText());
    RuntimeDTO runtime = httpRuntime.getRuntimeDTO();
    List<String> failed = new ArrayList<>();
    for (FailedServletDTO f : runtime.failedServletDTOs) {
      failed.add(f.name + " " + List.of(f.patterns) + " (reason " + f.failureReason + ")");
    }
    assertTrue("servlets the whiteboard refused: " + failed, failed.isEmpty());
    assertEquals(0, runtime.failedServletContextDTOs.length);
    List<String> rootServlets = new ArrayList<>();
    for (ServletContextDTO context : runtime.servletContextDTOs) {
      for (ServletDTO s : context.servletDTOs) {
        if (List.of(s.patterns).contains("/*")) {
          rootServlets.add(s.name + " in " + context.name);
        }
      }
    }
    assertEquals(rootServlets.toString(), 1, rootServlets.size());
    assertTrue(rootServlets.toString(), rootServlets.get(0).contains("ApiServlet"));
  }

  private static String componentState(ComponentConfigurationDTO c) {
    switch (c.state) {
      case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
        return "waiting for configuration";
      case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
        List<String> missing = new ArrayList<>();
        for (var r : c.unsatisfiedReferences) {
          missing.add(r.name + " (" + r.target + ")");
        }
        return "missing references " + missing;
      case ComponentConfigurationDTO.FAILED_ACTIVATION:
        return "failed to activate: " + c.failure;
      default:
        return "in state " + c.state;
    }
  }

  private static String state(int state) {
    switch (state) {
      case Bundle.INSTALLED:
        return "INSTALLED (not resolved)";
      case Bundle.RESOLVED:
        return "RESOLVED (not started)";
      case Bundle.STARTING:
        return "STARTING";
      case Bundle.STOPPING:
        return "STOPPING";
      case Bundle.ACTIVE:
        return "ACTIVE";
      default:
        return "in state " + state;
    }
  }
}
