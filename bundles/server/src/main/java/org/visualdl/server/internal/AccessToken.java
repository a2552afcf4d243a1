package org.visualdl.server.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional access token: when set, every request must carry it, as {@code Authorization:
 * Bearer T}, as {@code ?token=T} (the link the launcher prints), or in the cookie that the first
 * such link sets for the page's later requests.
 */
final class AccessToken {
  static final String COOKIE = "visualdl_token";
  private final byte[] token;

  AccessToken(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  boolean required() {
    return token != null;
  }

  /** Whether the request may proceed; sets the cookie when the token came in the query. */
  boolean admit(HttpServletRequest req, HttpServletResponse resp) {
    if (token == null) {
      return true;
    }
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7))) {
      return true;
    }
    String query = req.getParameter("token");
    if (query != null && matches(query)) {
      Cookie c = new Cookie(COOKIE, query);
      c.setHttpOnly(true);
      c.setPath("/");
      c.setAttribute("SameSite", "Strict");
      resp.addCookie(c);
      return true;
    }
    Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (COOKIE.equals(c.getName()) && matches(c.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean matches(String given) {
    return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }
}
