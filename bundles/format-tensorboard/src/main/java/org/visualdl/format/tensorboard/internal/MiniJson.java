package org.visualdl.format.tensorboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON reader for projector configs: maps, lists, strings, numbers (as Double), booleans, null. */
final class MiniJson {
  private static final int MAX_DEPTH = 64;
  private final String s;
  private int p;

  private MiniJson(String s) {
    this.s = s;
  }

  static Object parse(String text) throws IOException {
    MiniJson j = new MiniJson(text);
    Object v = j.value(0);
    j.space();
    if (j.p != j.s.length()) {
      throw new IOException("unexpected text after the JSON value at character " + j.p);
    }
    return v;
  }

  private Object value(int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("JSON nested too deeply");
    }
    space();
    if (p >= s.length()) {
      throw new IOException("unexpected end of the JSON text");
    }
    char c = s.charAt(p);
    switch (c) {
      case '{' -> {
        p++;
        Map<String, Object> m = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
          p++;
          return m;
        }
        while (true) {
          space();
          if (peek() != '"') {
            throw new IOException("expected a key at character " + p);
          }
          p++;
          String key = string();
          space();
          expect(':');
          m.put(key, value(depth + 1));
          space();
          char n = next();
          if (n == '}') {
            return m;
          }
          if (n != ',') {
            throw new IOException("expected ',' or '}' at character " + (p - 1));
          }
        }
      }
      case '[' -> {
        p++;
        List<Object> l = new ArrayList<>();
        space();
        if (peek() == ']') {
          p++;
          return l;
        }
        while (true) {
          l.add(value(depth + 1));
          space();
          char n = next();
          if (n == ']') {
            return l;
          }
          if (n != ',') {
            throw new IOException("expected ',' or ']' at character " + (p - 1));
          }
        }
      }
      case '"' -> {
        p++;
        return string();
      }
      default -> {
        int start = p;
        while (p < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(p)) < 0) {
          p++;
        }
        String w = s.substring(start, p);
        switch (w) {
          case "true":
            return Boolean.TRUE;
          case "false":
            return Boolean.FALSE;
          case "null":
            return null;
          default:
            try {
              return Double.parseDouble(w);
            } catch (NumberFormatException e) {
              throw new IOException("unexpected '" + w + "' at character " + start);
            }
        }
      }
    }
  }

  private String string() throws IOException {
    StringBuilder out = new StringBuilder();
    while (p < s.length()) {
      char c = s.charAt(p++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\' && p < s.length()) {
        char e = s.charAt(p++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (p + 4 > s.length()) {
              throw new IOException("bad \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
            } catch (NumberFormatException ex) {
              throw new IOException("bad \\u escape at character " + p);
            }
            p += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    throw new IOException("unclosed string at the end of the JSON text");
  }

  private char peek() {
    return p < s.length() ? s.charAt(p) : '\0';
  }

  private char next() throws IOException {
    if (p >= s.length()) {
      throw new IOException("unexpected end of the JSON text");
    }
    return s.charAt(p++);
  }

  private void expect(char c) throws IOException {
    if (next() != c) {
      throw new IOException("expected '" + c + "' at character " + (p - 1));
    }
  }

  private void space() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }
}
