package org.visualdl.server.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

/**
 * Answers while the server starts, before {@link ApiServlet} is registered: a small page that
 * reloads itself (503 with {@code Retry-After}) instead of Jetty's "HTTP ERROR 404". It needs no
 * service, so it is up as soon as this bundle starts (the launcher starts this bundle before
 * Jetty); it withdraws its servlet once the whiteboard serves the API servlet (not merely once
 * that is registered: between the two the port would answer 404), and offers it again if the API
 * servlet goes, so the whiteboard does not keep two servlets on "/*".
 */
@Component(service = {})
public final class StartingPage {
  private BundleContext context;
  private ServiceRegistration<Servlet> registration;
  private boolean apiPresent;
  private long apiServiceId = -1;

  @Activate
  synchronized void activate(BundleContext context) {
    this.context = context;
    update();
  }

  @Deactivate
  synchronized void deactivate() {
    context = null;
    update();
  }

  @Reference(
      service = Servlet.class,
      target = "(component.name=org.visualdl.server.internal.ApiServlet)",
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC)
  synchronized void bindApi(ServiceReference<Servlet> api) {
    apiServiceId = (Long) api.getProperty(Constants.SERVICE_ID);
    long id = apiServiceId;
    Thread t = new Thread(() -> awaitServed(id), "visualdl-starting-page");
    t.setDaemon(true);
    t.start();
  }

  synchronized void unbindApi(ServiceReference<Servlet> api) {
    apiServiceId = -1;
    apiPresent = false;
    update();
  }

  /** Waits (up to 10 s) until the whiteboard serves the API servlet, then withdraws the page. */
  private void awaitServed(long id) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && !served(id)) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    synchronized (this) {
      if (apiServiceId == id) {
        apiPresent = true;
        update();
      }
    }
  }

  private boolean served(long id) {
    BundleContext bc;
    synchronized (this) {
      bc = context;
    }
    if (bc == null) {
      return true;
    }
    try {
      ServiceReference<HttpServiceRuntime> ref = bc.getServiceReference(HttpServiceRuntime.class);
      HttpServiceRuntime runtime = ref == null ? null : bc.getService(ref);
      if (runtime == null) {
        return false;
      }
      try {
        for (ServletContextDTO c : runtime.getRuntimeDTO().servletContextDTOs) {
          for (ServletDTO servlet : c.servletDTOs) {
            if (servlet.serviceId == id) {
              return true;
            }
          }
        }
        return false;
      } finally {
        bc.ungetService(ref);
      }
    } catch (IllegalStateException e) {
      return true; // this bundle is stopping
    }
  }

  private void update() {
    boolean wanted = context != null && !apiPresent;
    if (wanted && registration == null) {
      Hashtable<String, Object> props = new Hashtable<>();
      props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/*");
      props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "visualdl-starting-page");
      props.put(Constants.SERVICE_RANKING, Integer.MIN_VALUE);
      registration = context.registerService(Servlet.class, new Page(), props);
    } else if (!wanted && registration != null) {
      try {
        registration.unregister();
      } catch (IllegalStateException e) {
        // already gone with the bundle
      }
      registration = null;
    }
  }

  /** The page itself. */
  static final class Page extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PAGE =
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">
        <meta name="color-scheme" content="light dark"><title>VisualDL is starting…</title></head>
        <body><p>VisualDL is starting… This page reloads by itself.</p>
        <p lang="zh-CN">VisualDL 正在启动…… 本页会自动刷新。</p></body></html>
        """;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(503);
      resp.setHeader("Retry-After", "1");
      resp.setHeader("Cache-Control", "no-store");
      resp.setHeader("X-Content-Type-Options", "nosniff");
      resp.setHeader("Content-Security-Policy", "default-src 'none'");
      String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
      if (path.startsWith("/api/")) {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream()
            .write("{\"error\": \"the server is starting; retry in a second\", \"status\": 503}"
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      resp.setContentType("text/html");
      resp.setCharacterEncoding("UTF-8");
      resp.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
  }
}
