package org.visualdl.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visualdl.api.LogStore;
import org.visualdl.api.StoreStatus;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;

/**
 * Every HTTP request of VisualDL: the core API, the plugins' routes and UI files, and the UI
 * shell. Plugins never see HTTP; this servlet adapts their route descriptions.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
public final class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

  static final String CSP =
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final transient ObjectMapper json =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private final transient PluginRegistry plugins = new PluginRegistry();
  private transient volatile EventStream events;

  @Reference private transient LogStore store;

  @Reference
  void setChangeFeed(ChangeFeed feed) {
    this.events = feed.events();
  }

  /** Framework property holding the access token; empty or unset means none is required. */
  public static final String TOKEN_PROPERTY = "visualdl.token";

  private String version = "dev";
  private transient AccessToken token = new AccessToken(null);

  @Activate
  void activate(BundleContext context) {
    version = context.getBundle().getVersion().toString();
    token = new AccessToken(context.getProperty(TOKEN_PROPERTY));
  }

  @Reference(
      service = VisualizationPlugin.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void addPlugin(VisualizationPlugin plugin, ServiceReference<VisualizationPlugin> ref) {
    String refused = plugins.add(plugin, ref.getBundle());
    if (refused != null) {
      LOG.warn("Plugin from bundle {} refused: {}", ref.getBundle().getSymbolicName(), refused);
    } else {
      LOG.info("Plugin '{}' added from bundle {}", plugin.name(), ref.getBundle().getSymbolicName());
      publishPlugins();
    }
  }

  private void publishPlugins() {
    EventStream e = events;
    if (e != null) {
      e.publish("plugins", pluginList());
    }
  }

  void removePlugin(VisualizationPlugin plugin) {
    plugins.remove(plugin);
    LOG.info("Plugin '{}' removed", plugin.name());
    publishPlugins();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setHeader("Referrer-Policy", "no-referrer");
    String path = req.getPathInfo();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    if (!token.admit(req, resp)) {
      sendError(resp, 401, "this server needs its access token: open the link that"
          + " 'visualdl' printed (it ends in ?token=...) or send 'Authorization: Bearer TOKEN'");
      return;
    }
    try {
      if (path.equals("/api") || path.startsWith("/api/")) {
        serveApi(path.substring(4), req, resp);
      } else if (path.startsWith("/plugins/")) {
        servePluginFile(path.substring("/plugins/".length()), resp);
      } else if (path.equals("/favicon.ico")) {
        serveResource("web/favicon.svg", resp, false);
      } else if (path.equals("/") || path.equals("/index.html")) {
        serveResource("web/index.html", resp, false);
      } else if (path.startsWith("/static/")) {
        String file = SafePath.check(path.substring("/static/".length()));
        serveResource("web/" + file, resp, false);
      } else {
        throw RouteException.notFound("no page at " + path);
      }
    } catch (RouteException e) {
      sendError(resp, e.status().code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      sendError(resp, 400, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Request {} failed", path, e);
      sendError(resp, 500, "internal error: " + e);
    }
  }

  private void serveApi(String path, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    switch (path) {
      case "/health" -> sendJson(resp, health());
      case "/runs" -> sendJson(resp, store.runs());
      case "/plugins" -> sendJson(resp, pluginList());
      case "/events" -> events.serve(resp, List.of(events.message("plugins", pluginList())));
      default -> {
        if (!path.startsWith("/plugins/")) {
          throw RouteException.notFound("no API route " + "/api" + path);
        }
        String rest = path.substring("/plugins/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
          throw RouteException.notFound("no API route /api" + path);
        }
        String name = rest.substring(0, slash);
        String routePath = rest.substring(slash + 1);
        PluginRegistry.Registered plugin =
            plugins
                .find(name)
                .orElseThrow(() -> RouteException.notFound("no plugin named '" + name + "'"));
        if (routePath.equals("tags")) {
          sendJson(resp, plugin.plugin().tags());
          return;
        }
        Route route = plugin.routes().get(routePath);
        if (route == null) {
          throw RouteException.notFound("plugin '" + name + "' has no route '" + routePath + "'");
        }
        RouteRequest request = ParamValidator.validate(route, req.getParameterMap());
        Object result = route.handler().handle(request);
        if (result instanceof BinaryResult binary) {
          BinaryResponse.send(binary, req, resp);
        } else {
          sendJson(resp, result);
        }
      }
    }
  }

  private Map<String, Object> health() {
    StoreStatus s = store.status();
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.put("version", version);
    h.put("state", s.state());
    h.put("logDirectories", s.logDirectories());
    h.put("runs", s.runs());
    h.put("files", s.files());
    h.put("scalarPoints", s.scalarPoints());
    h.put("storeBytes", s.storeBytes());
    h.put("memoryBudgetBytes", s.memoryBudgetBytes());
    h.put("loadedBytes", s.loadedBytes());
    h.put("plugins", plugins.all().size());
    h.put("eventClients", events.clients());
    h.put("problems", s.problems());
    return h;
  }

  /** One entry of {@code GET /api/plugins}. */
  public record PluginEntry(String name, String title, String module, int order) {}

  private List<PluginEntry> pluginList() {
    List<PluginEntry> list = new ArrayList<>();
    for (PluginRegistry.Registered r : plugins.all()) {
      VisualizationPlugin p = r.plugin();
      list.add(
          new PluginEntry(p.name(), p.title(), "/plugins/" + p.name() + "/" + p.uiModule(), p.order()));
    }
    return list;
  }

  private void servePluginFile(String rest, HttpServletResponse resp) throws IOException {
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw RouteException.notFound("no plugin file at /plugins/" + rest);
    }
    String name = rest.substring(0, slash);
    String file = SafePath.check(rest.substring(slash + 1));
    PluginRegistry.Registered plugin =
        plugins
            .find(name)
            .orElseThrow(() -> RouteException.notFound("no plugin named '" + name + "'"));
    URL url =
        PluginRegistry.uiEntry(plugin, file)
            .orElseThrow(
                () -> RouteException.notFound("plugin '" + name + "' has no UI file '" + file + "'"));
    sendUrl(url, file, resp);
  }

  private void serveResource(String resource, HttpServletResponse resp, boolean immutable)
      throws IOException {
    URL url = ApiServlet.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw RouteException.notFound("no file " + resource.substring("web/".length()));
    }
    sendUrl(url, resource, resp);
  }

  private void sendUrl(URL url, String name, HttpServletResponse resp) throws IOException {
    resp.setContentType(MediaTypes.of(name));
    resp.setHeader("Cache-Control", "no-cache");
    try (InputStream in = url.openStream(); OutputStream out = resp.getOutputStream()) {
      in.transferTo(out);
    }
  }

  private void sendJson(HttpServletResponse resp, Object body) throws IOException {
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    json.writeValue(resp.getOutputStream(), body);
  }

  private void sendError(HttpServletResponse resp, int status, String message) throws IOException {
    if (resp.isCommitted()) {
      return;
    }
    resp.reset();
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setStatus(status);
    sendJson(resp, Map.of("error", message == null ? "error" : message, "status", status));
  }

  /** For tests: the store and plugins without OSGi. */
  Optional<PluginRegistry.Registered> plugin(String name) {
    return plugins.find(name);
  }
}
