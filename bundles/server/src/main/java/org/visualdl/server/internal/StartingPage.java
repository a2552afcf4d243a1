package org.visualdl.server.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Answers while the server starts, before {@link ApiServlet} is registered: a small page that
 * reloads itself (503 with {@code Retry-After}) instead of Jetty's "HTTP ERROR 404". It needs no
 * service, so it is up as soon as this bundle starts; it has the lowest ranking on the same
 * pattern, so the whiteboard shadows it once the real servlet is there.
 */
@Component(service = Servlet.class, property = Constants.SERVICE_RANKING + ":Integer=-2147483648")
@HttpWhiteboardServletPattern("/*")
public final class StartingPage extends HttpServlet {
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
