package org.visualdl.format.tensorboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader of protobuf text format, enough for projector configs: {@code name: value},
 * {@code name { ... }} (or {@code < ... >}), strings in single or double quotes, numbers, bare
 * words, {@code #} comments. Messages become maps from field name to the list of its values.
 */
final class TextProto {
  private final String s;
  private int p;

  private TextProto(String s) {
    this.s = s;
  }

  static Map<String, List<Object>> parse(String text) throws IOException {
    TextProto t = new TextProto(text);
    Map<String, List<Object>> m = t.message('\0');
    t.skipSpace();
    if (t.p < t.s.length()) {
      throw new IOException("unexpected '" + t.s.charAt(t.p) + "' at character " + t.p);
    }
    return m;
  }

  private Map<String, List<Object>> message(char close) throws IOException {
    Map<String, List<Object>> m = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (p >= s.length()) {
        if (close != '\0') {
          throw new IOException("unclosed message at the end of the text");
        }
        return m;
      }
      char c = s.charAt(p);
      if (c == close) {
        p++;
        return m;
      }
      String name = word();
      if (name.isEmpty()) {
        throw new IOException("expected a field name at character " + p);
      }
      skipSpace();
      boolean colon = p < s.length() && s.charAt(p) == ':';
      if (colon) {
        p++;
        skipSpace();
      }
      if (p < s.length() && (s.charAt(p) == '{' || s.charAt(p) == '<')) {
        char open = s.charAt(p++);
        m.computeIfAbsent(name, k -> new ArrayList<>()).add(message(open == '{' ? '}' : '>'));
      } else if (colon && p < s.length() && s.charAt(p) == '[') {
        p++;
        while (true) {
          skipSpace();
          if (p < s.length() && s.charAt(p) == ']') {
            p++;
            break;
          }
          m.computeIfAbsent(name, k -> new ArrayList<>()).add(scalar());
          skipSpace();
          if (p < s.length() && s.charAt(p) == ',') {
            p++;
          }
        }
      } else if (colon) {
        m.computeIfAbsent(name, k -> new ArrayList<>()).add(scalar());
      } else {
        throw new IOException("expected ':' or '{' after '" + name + "' at character " + p);
      }
      skipSpace();
      if (p < s.length() && (s.charAt(p) == ',' || s.charAt(p) == ';')) {
        p++;
      }
    }
  }

  private String scalar() throws IOException {
    if (p >= s.length()) {
      throw new IOException("expected a value at the end of the text");
    }
    char q = s.charAt(p);
    if (q == '"' || q == '\'') {
      StringBuilder out = new StringBuilder();
      // Adjacent string literals are concatenated, as in the text format.
      while (p < s.length() && (s.charAt(p) == '"' || s.charAt(p) == '\'')) {
        out.append(quoted(s.charAt(p++)));
        skipSpace();
      }
      return out.toString();
    }
    String w = word();
    if (w.isEmpty()) {
      throw new IOException("expected a value at character " + p);
    }
    return w;
  }

  private String quoted(char q) throws IOException {
    StringBuilder out = new StringBuilder();
    while (p < s.length()) {
      char c = s.charAt(p++);
      if (c == q) {
        return out.toString();
      }
      if (c == '\\' && p < s.length()) {
        char e = s.charAt(p++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    throw new IOException("unclosed string at the end of the text");
  }

  private String word() {
    int start = p;
    while (p < s.length()) {
      char c = s.charAt(p);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+') {
        p++;
      } else {
        break;
      }
    }
    return s.substring(start, p);
  }

  private void skipSpace() {
    while (p < s.length()) {
      char c = s.charAt(p);
      if (c == '#') {
        while (p < s.length() && s.charAt(p) != '\n') {
          p++;
        }
      } else if (Character.isWhitespace(c)) {
        p++;
      } else {
        return;
      }
    }
  }
}
