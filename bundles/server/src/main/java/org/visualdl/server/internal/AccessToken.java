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

  /**
   * Whether the request may proceed; sets the cookie when the token came in the query.
   *
   * @param query the parsed query string, or null when it is malformed (then only the header and
   *     the cookie count)
   */
  boolean admit(HttpServletRequest req, HttpServletResponse resp, java.util.Map<String, String[]> query) {
    if (token == null) {
      return true;
    }
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7))) {
      return true;
    }
    String[] given = query == null ? null : query.get("token");
    if (given != null && given.length == 1 && matches(given[0])) {
      Cookie c = new Cookie(COOKIE, given[0]);
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
