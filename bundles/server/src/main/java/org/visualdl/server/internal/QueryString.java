package org.visualdl.server.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.api.frontend.RouteException;

/**
 * Decodes a raw query string strictly, instead of the servlet container's lenient decoder (which
 * throws from deep inside Jetty on {@code %zz}): every {@code %} is followed by two hex digits,
 * the bytes are well-formed UTF-8 (no overlong forms, no encoded surrogates) and no name or value
 * holds a control character. Anything else is a 400.
 */
final class QueryString {
  static final int MAX_QUERY_CHARS = 65_536;

  private QueryString() {}

  /**
   * @param raw the query string as sent, without {@code ?}; null for none
   * @return parameter name to its values, in the order given
   * @throws RouteException 400 saying what is malformed
   */
  static Map<String, String[]> parse(String raw) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      if (raw.length() > MAX_QUERY_CHARS) {
        throw RouteException.badRequest(
            "the query string is longer than " + MAX_QUERY_CHARS + " characters");
      }
      for (String pair : raw.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    Map<String, String[]> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
    return out;
  }

  /** Whether {@code raw} parses; for the token check, which must not throw. */
  static boolean wellFormed(String raw) {
    try {
      parse(raw);
      return true;
    } catch (RouteException e) {
      return false;
    }
  }

  static String decode(String s) {
    ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw malformed("'%' at the end is not followed by two hex digits");
        }
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          throw malformed("'%" + printable(s.substring(i + 1, i + 3))
              + "' is not a percent-encoded byte (two hex digits)");
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c == '+') {
        bytes.put((byte) ' ');
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        // A raw (not percent-encoded) non-ASCII character: encode it back to its UTF-8 bytes.
        int cp = s.codePointAt(i);
        if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
          throw malformed("a name or value holds a lone surrogate");
        }
        bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    bytes.flip();
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String decoded;
    try {
      CharBuffer chars = utf8.decode(bytes);
      decoded = chars.toString();
    } catch (CharacterCodingException e) {
      throw malformed("a percent-encoded sequence is not valid UTF-8");
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(decoded, i)) {
        throw malformed("a name or value holds a control character");
      }
    }
    return decoded;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static String printable(String s) {
    return s.replaceAll("[^\\x21-\\x7e]", "?");
  }

  private static RouteException malformed(String what) {
    return RouteException.badRequest("the query string is malformed: " + what
        + "; percent-encode it as UTF-8 (e.g. encodeURIComponent)");
  }
}
