package org.visualdl.server.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guards a server without an access token against DNS rebinding: a page on another site that
 * resolves its own name to 127.0.0.1 sends that name as {@code Host}, so only names that mean
 * this machine (loopback addresses, {@code localhost}), the address the server listens on (as the
 * printed link names it), and
 * the names the user allowed with {@code --allow-host} are served. With a token, the token
 * protects and any {@code Host} is served.
 */
final class HostCheck {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

  private final Set<String> allowed;

  /**
   * @param allowed extra host names or addresses (as given to {@code --allow-host} and {@code
   *     --host}); case and a trailing dot do not matter
   */
  HostCheck(Set<String> allowed) {
    this.allowed = allowed.stream().map(HostCheck::canonical).filter(s -> !s.isEmpty())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Parses {@code visualdl.allowedHosts}: names separated by commas. */
  static HostCheck of(String commaSeparated, String listenHost) {
    Set<String> names = new java.util.HashSet<>();
    if (commaSeparated != null) {
      for (String n : commaSeparated.split(",")) {
        if (!n.isBlank()) {
          names.add(n.trim());
        }
      }
    }
    // The address it listens on is what the printed link names (0.0.0.0 included); an address
    // literal cannot be rebound, a name given to --host is the user's choice.
    if (listenHost != null && !listenHost.isBlank()) {
      names.add(listenHost.trim());
    }
    return new HostCheck(names);
  }

  /** Whether a request whose {@code Host} header is {@code header} may be served. */
  boolean admits(String header) {
    String host = hostPart(header);
    if (host == null) {
      return false;
    }
    return isLoopback(host) || allowed.contains(host);
  }

  /**
   * The host of a {@code Host} header without its port, lower case, without a trailing dot, IPv6
   * literals without brackets; null when the header is missing or malformed.
   */
  static String hostPart(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (h.isEmpty()) {
      return null;
    }
    String host;
    String port;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = h.substring(1, close);
      String rest = h.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return null;
      }
      port = rest.isEmpty() ? null : rest.substring(1);
      if (!host.matches("[0-9A-Fa-f:.]+")) {
        return null;
      }
      host = canonicalIpv6(host);
      if (host == null) {
        return null;
      }
    } else {
      int colon = h.indexOf(':');
      if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
        return null; // an IPv6 literal must be in brackets
      }
      host = colon < 0 ? h : h.substring(0, colon);
      port = colon < 0 ? null : h.substring(colon + 1);
      host = canonical(host);
      if (!NAME.matcher(host).matches()) {
        return null;
      }
    }
    if (port != null && !port.matches("[0-9]{1,5}")) {
      return null;
    }
    return host;
  }

  private static String canonical(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("[") && n.endsWith("]")) {
      String v6 = canonicalIpv6(n.substring(1, n.length() - 1));
      return v6 == null ? n : v6;
    }
    if (n.contains(":")) {
      String v6 = canonicalIpv6(n);
      return v6 == null ? n : v6;
    }
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** An IPv6 literal in Java's full form (no name lookup happens for a literal), or null. */
  private static String canonicalIpv6(String literal) {
    if (literal.isEmpty() || literal.contains("%") || !literal.matches("[0-9A-Fa-f:.]+")) {
      return null;
    }
    try {
      java.net.InetAddress a = java.net.InetAddress.getByName("[" + literal + "]");
      return a instanceof java.net.Inet6Address ? a.getHostAddress() : a.getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      return host.startsWith("127.");
    }
    return host.equals("0:0:0:0:0:0:0:1") || host.equals("::1");
  }
}
