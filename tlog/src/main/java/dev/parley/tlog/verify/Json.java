package dev.parley.tlog.verify;

import dev.parley.tlog.MalformedInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for proofs and receipts: objects, arrays, strings, integers, and the rest of
 * JSON's values (RFC 8259: true, false, null, numbers with a sign, a fraction or an exponent) read
 * and kept for members a receipt does not use, so that any JSON a receipt comes in is read (hostile
 * run 10at D1: a member {@code true} made a valid receipt "not JSON"). The module has no
 * dependencies, so it carries this small reader and writer instead of a library.
 */
final class Json {
  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  static Map<String, Object> parseObject(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.space();
    if (json.at != text.length() || !(value instanceof Map)) {
      throw json.error("expected one JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    return object;
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private Object value() {
    space();
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(at);
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return string();
    }
    if (c >= '0' && c <= '9') {
      return number();
    }
    if (c == '-') {
      return otherNumber();
    }
    for (String literal : LITERALS) {
      if (text.startsWith(literal, at)) {
        at += literal.length();
        return literal.equals("null") ? NULL : Boolean.valueOf(literal);
      }
    }
    throw error("unexpected character '" + c + "'");
  }

  private static final List<String> LITERALS = List.of("true", "false", "null");

  /** JSON's null, as a value (a Java null would read as an absent member). */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /**
   * A number that is no non-negative integer, its text checked against RFC 8259's grammar
   * ({@code -? int frac? exp?}) and kept as a decimal: no member a receipt uses is one.
   */
  private BigDecimal otherNumber() {
    int start = at;
    if (text.charAt(at) == '-') at++;
    int digits = digits();
    if (digits == 0 || digits > 1 && text.charAt(at - digits) == '0') throw error("bad number");
    if (at < text.length() && text.charAt(at) == '.') {
      at++;
      if (digits() == 0) throw error("bad number");
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) at++;
      if (digits() == 0) throw error("bad number");
    }
    try {
      return new BigDecimal(text.substring(start, at));
    } catch (NumberFormatException e) { // an exponent past an int's range: a number all the same, and not one a receipt uses
      return BigDecimal.ZERO;
    }
  }

  private int digits() {
    int from = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') at++;
    return at - from;
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    at++;
    space();
    if (peek('}')) {
      return object;
    }
    do {
      space();
      String key = string();
      space();
      expect(':');
      if (object.put(key, value()) != null) {
        throw error("duplicate member " + key);
      }
      space();
    } while (consume(','));
    expect('}');
    return object;
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    at++;
    space();
    if (peek(']')) {
      return array;
    }
    do {
      array.add(value());
      space();
    } while (consume(','));
    expect(']');
    return array;
  }

  private String string() {
    expect('"');
    int plain = plainRun(at);
    if (plain < text.length() && text.charAt(plain) == '"') { // no escape: the text as it stands
      String value = text.substring(at, plain);
      at = plain + 1;
      return value;
    }
    StringBuilder out = new StringBuilder().append(text, at, plain);
    at = plain;
    while (at < text.length() && text.charAt(at) != '"') {
      int run = plainRun(at);
      if (run > at) { // a run without escapes, copied at once (a receipt's entry is mostly such text)
        out.append(text, at, run);
        at = run;
        continue;
      }
      at++; // a backslash: the run stopped short of '"', which ends the loop
      if (at >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
    expect('"');
    return out.toString();
  }

  /** Where the run of characters from {@code from} that are neither '"' nor '\\' ends. */
  private int plainRun(int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') break;
      i++;
    }
    return i;
  }

  private Object number() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    if (at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
      at = start;
      return otherNumber();
    }
    String digits = text.substring(start, at);
    if (digits.length() > 1 && digits.startsWith("0") || digits.length() > 19) {
      throw error("bad integer " + digits);
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error("integer too large " + digits);
    }
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private boolean consume(char c) {
    return peek(c);
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private MalformedInputException error(String why) {
    return new MalformedInputException("JSON", why + " at offset " + at);
  }
}
