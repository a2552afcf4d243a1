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

  /** Framework property: extra {@code Host} names served without a token, comma-separated. */
  public static final String ALLOWED_HOSTS_PROPERTY = "visualdl.allowedHosts";

  private String version = "dev";
  private transient AccessToken token = new AccessToken(null);
  private transient HostCheck hosts = HostCheck.of(null, null);
  private final transient RefusalLog refusals = new RefusalLog(LOG);

  /** The framework itself, to tell whether it is still starting its bundles. */
  private transient org.osgi.framework.Bundle framework;
  private int beginningStartLevel = 1;

  /** Framework property: the start level at which everything is started and the server serves. */
  static final String SERVING_START_LEVEL_PROPERTY = "visualdl.servingStartLevel";

  @Activate
  void activate(BundleContext context) {
    version = context.getBundle().getVersion().toString();
    framework = context.getBundle(0);
    // The level the launcher raises the framework to once start-up checks are done (it may begin
    // lower, to check remote log directories before the maintainer starts), else the beginning.
    String beginning = context.getProperty(SERVING_START_LEVEL_PROPERTY);
    if (beginning == null) {
      beginning = context.getProperty(org.osgi.framework.Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
    }
    if (beginning != null && beginning.trim().matches("[0-9]{1,9}")) {
      beginningStartLevel = Integer.parseInt(beginning.trim());
    }
    token = new AccessToken(context.getProperty(TOKEN_PROPERTY));
    hosts =
        HostCheck.of(
            context.getProperty(ALLOWED_HOSTS_PROPERTY),
            context.getProperty("org.apache.felix.http.host"));
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

  /**
   * Every method comes here, so that every answer (405 and 401 included) is JSON with our
   * headers: GET and HEAD are served, OPTIONS and the rest are 405 once the request is admitted,
   * TRACE is never echoed.
   */
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    setSecurityHeaders(resp);
    String method = req.getMethod();
    String raw = req.getQueryString();
    Map<String, String[]> query = null;
    RouteException malformed = null;
    try {
      query = QueryString.parse(raw);
    } catch (RouteException e) {
      malformed = e;
    }
    if (token.required()) {
      if (!token.admit(req, resp, query)) {
        sendError(resp, 401, "this server needs its access token: open the link that"
            + " 'visualdl' printed (it ends in ?token=...) or send 'Authorization: Bearer TOKEN'");
        return;
      }
    } else if (!hosts.admits(req.getHeader("Host"))) {
      String header = req.getHeader("Host");
      String host = header == null ? "(none)" : header;
      refusals.refused(403, "Host '" + host + "' is not this machine");
      sendError(resp, 403, "Host '" + shorten(host) + "' is not allowed: without --token this"
          + " server answers only to localhost and loopback addresses; start it with"
          + " --allow-host NAME to serve NAME, or with --token");
      return;
    }
    if (malformed != null) {
      refusals.refused(400, malformed.getMessage() + " in " + req.getRequestURI());
      sendError(resp, 400, malformed.getMessage());
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      resp.setHeader("Allow", "GET, HEAD");
      sendError(resp, 405, "method " + shorten(method) + " is not allowed here; use GET");
      return;
    }
    handle(req, resp, query, method.equals("HEAD"));
  }

  private void handle(
      HttpServletRequest req, HttpServletResponse resp, Map<String, String[]> query, boolean head)
      throws IOException {
    String path = req.getPathInfo();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    // For HEAD, Jetty sends the headers and drops the body.
    HttpServletResponse out = resp;
    try {
      if (path.equals("/api") || path.startsWith("/api/")) {
        if (head && path.equals("/api/events")) {
          throw RouteException.badRequest("HEAD is not served for the event stream; use GET");
        }
        serveApi(path.substring(4), query, req, out);
      } else if (path.startsWith("/plugins/")) {
        servePluginFile(path.substring("/plugins/".length()), out);
      } else if (path.equals("/favicon.ico")) {
        serveResource("web/favicon.svg", out, false);
      } else if (path.equals("/") || path.equals("/index.html")) {
        serveResource("web/index.html", out, false);
      } else if (path.startsWith("/static/")) {
        String file = SafePath.check(path.substring("/static/".length()));
        serveResource("web/" + file, out, false);
      } else {
        throw RouteException.notFound("no page at " + shorten(path));
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

  static void setSecurityHeaders(HttpServletResponse resp) {
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setHeader("Referrer-Policy", "no-referrer");
  }

  private static String shorten(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private void serveApi(String path, Map<String, String[]> query, HttpServletRequest req,
      HttpServletResponse resp) throws IOException {
    switch (path) {
      case "/health" -> {
        Map<String, Object> h = health();
        if (starting()) {
          // Bundles of later start levels (plugins) are not all active yet: not healthy yet.
          h.put("status", "starting");
          resp.setStatus(503);
          resp.setHeader("Retry-After", "1");
        }
        sendJson(resp, h);
      }
      case "/runs" -> sendJson(resp, store.runs());
      case "/runs/plugins" -> sendJson(resp, RunPlugins.of(plugins.all()));
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
                .orElseThrow(() -> noPlugin(name));
        if (routePath.equals("tags")) {
          sendJson(resp, plugin.plugin().tags());
          return;
        }
        Route route = plugin.routes().get(routePath);
        if (route == null) {
          throw RouteException.notFound("plugin '" + name + "' has no route '" + routePath + "'");
        }
        RouteRequest request = ParamValidator.validate(route, query);
        Object result = route.handler().handle(request);
        if (result instanceof BinaryResult binary) {
          BinaryResponse.send(binary, req, resp);
        } else {
          sendJson(resp, result);
        }
      }
    }
  }

  /**
   * Whether the framework is still raising its start level: bundles of later levels (the plugins
   * among them) are not all there yet, so a missing plugin may only be late.
   */
  private boolean starting() {
    org.osgi.framework.startlevel.FrameworkStartLevel levels =
        framework == null ? null : framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
    return levels != null && levels.getStartLevel() < beginningStartLevel;
  }

  private RouteException noPlugin(String name) {
    return starting()
        ? new RouteException(RouteException.Status.UNAVAILABLE,
            "the server is still starting its plugins; try again in a second")
        : RouteException.notFound("no plugin named '" + name + "'");
  }

  private Map<String, Object> health() {
    return health(store.status(), version, plugins.all().size(), events.clients());
  }

  /**
   * The health answer: {@code "status"} is {@code "degraded"} while some log directory cannot be
   * listed (everything loaded stays served, so still HTTP 200), else {@code "ok"}.
   */
  static Map<String, Object> health(StoreStatus s, String version, int plugins, int eventClients) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", s.degraded() ? "degraded" : "ok");
    h.put("version", version);
    h.put("state", s.state());
    h.put("logDirectories", s.logDirectories());
    h.put("runs", s.runs());
    h.put("files", s.files());
    h.put("scalarPoints", s.scalarPoints());
    h.put("storeBytes", s.storeBytes());
    h.put("memoryBudgetBytes", s.memoryBudgetBytes());
    h.put("loadedBytes", s.loadedBytes());
    h.put("plugins", plugins);
    h.put("eventClients", eventClients);
    h.put("problems", s.problems());
    List<Map<String, Object>> details = new ArrayList<>();
    for (org.visualdl.api.StoreProblem p : s.problemDetails()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("path", p.path());
      d.put("cause", p.cause());
      d.put("count", p.count());
      d.put("firstMs", p.firstMs());
      d.put("lastMs", p.lastMs());
      details.add(d);
    }
    h.put("problemDetails", details);
    h.put("problemsNotListed", s.problemsNotListed());
    List<Map<String, Object>> storage = new ArrayList<>();
    for (org.visualdl.api.LogDirectoryStatus d : s.directories()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("location", d.location());
      e.put("state", d.state());
      e.put("error", d.error());
      e.put("sinceMs", d.sinceMs());
      e.put("nextRetryMs", d.nextRetryMs());
      e.put("counters", new java.util.TreeMap<>(d.counters()));
      storage.add(e);
    }
    h.put("storage", storage);
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
            .orElseThrow(() -> noPlugin(name));
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
    String allow = resp.getHeader("Allow");
    resp.reset();
    setSecurityHeaders(resp);
    if (allow != null) {
      resp.setHeader("Allow", allow);
    }
    resp.setStatus(status);
    sendJson(resp, Map.of("error", message == null ? "error" : message, "status", status));
  }

  /** For tests: the store and plugins without OSGi. */
  Optional<PluginRegistry.Registered> plugin(String name) {
    return plugins.find(name);
  }
}
