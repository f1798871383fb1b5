package dev.parley.node.taxii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One media range of an Accept header, or the media type of a Content-Type (RFC 9110 §12.5.1,
 * §8.3.1), parsed by a total parser: every input gives a result and no exception, in time linear in
 * its length. Type and subtype are lower case; {@code version} is the value of the version parameter
 * (TAXII 2.1 §1.6.8.2) or null; {@code weight} is the q value in thousandths (1000 when absent).
 */
record MediaRange(String type, String subtype, String version, int weight) {
  /** The elements of an Accept header: the well-formed ranges, and how many elements were malformed. */
  record Accept(List<MediaRange> ranges, int malformed) {
    Accept {
      ranges = List.copyOf(ranges);
    }

    /** Whether the header named nothing at all (absent, blank, or only empty list elements). */
    boolean empty() {
      return ranges.isEmpty() && malformed == 0;
    }
  }

  /**
   * The ranges of an Accept header. Elements are split at commas outside quoted strings; empty
   * elements are skipped (RFC 9110 §5.6.1); a malformed element is counted and otherwise ignored.
   */
  static Accept parseAccept(String header) {
    List<MediaRange> ranges = new ArrayList<>();
    int[] malformed = {0};
    if (header == null) return new Accept(ranges, 0);
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted) {
        if (c == '\\') i++;
        else if (c == '"') quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        element(header.substring(start, i), ranges, malformed);
        start = i + 1;
      }
    }
    // an unterminated quoted string runs to the end and makes the last element malformed (see quoted())
    element(header.substring(start), ranges, malformed);
    return new Accept(ranges, malformed[0]);
  }

  private static void element(String element, List<MediaRange> ranges, int[] malformed) {
    if (isBlank(element)) return;
    MediaRange range = parse(element, true);
    if (range == null) malformed[0]++;
    else ranges.add(range);
  }

  /** The media type of a Content-Type header, or null when it is malformed. */
  static MediaRange parseContentType(String header) {
    if (header == null) return null;
    MediaRange m = parse(header, false);
    return m == null || m.type.equals("*") || m.subtype.equals("*") ? null : m;
  }

  /**
   * How specifically this range names {@code type/subtype} at TAXII/STIX version 2.1: -1 when it
   * does not match; 0 for {@code *}{@code /*}, 1 for {@code type/*}, 2 for the type, 3 for the type
   * with its version (RFC 9110 §12.5.1: "the most specific reference has precedence").
   */
  int specificity(String wantedType, String wantedSubtype) {
    if (version != null && !version.equals("2.1")) return -1;
    if (type.equals("*")) return subtype.equals("*") ? 0 : -1;
    if (!type.equals(wantedType)) return -1;
    if (subtype.equals("*")) return 1;
    if (!subtype.equals(wantedSubtype)) return -1;
    return version == null ? 2 : 3;
  }

  private static MediaRange parse(String s, boolean accept) {
    Scanner in = new Scanner(s);
    in.skipSpace();
    String type = in.token();
    if (type == null || !in.take('/')) return null;
    String subtype = in.token();
    if (subtype == null || (type.equals("*") && !subtype.equals("*"))) return null;
    String version = null;
    int weight = -1;
    while (true) {
      in.skipSpace();
      if (in.atEnd()) break;
      if (!in.take(';')) return null;
      in.skipSpace();
      if (in.atEnd() || in.peek() == ';') continue; // an empty parameter (RFC 9110 §5.6.6)
      String name = in.token();
      if (name == null || !in.take('=')) return null;
      String value = in.peek() == '"' ? in.quoted() : in.token();
      if (value == null) return null;
      name = name.toLowerCase(Locale.ROOT);
      if (accept && name.equals("q")) {
        if (weight >= 0) return null;
        weight = qvalue(value);
        if (weight < 0) return null;
      } else if (name.equals("version")) {
        if (version != null) return null; // two versions: which one was meant is unknowable
        version = value;
      }
    }
    return new MediaRange(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), version, weight < 0 ? 1000 : weight);
  }

  /** RFC 9110 §12.4.2: {@code ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )}, in thousandths, or -1. */
  private static int qvalue(String v) {
    if (v.isEmpty() || v.length() > 5 || (v.charAt(0) != '0' && v.charAt(0) != '1')) return -1;
    if (v.length() > 1 && v.charAt(1) != '.') return -1;
    int thousandths = 0;
    for (int i = 2; i < 5; i++) {
      int digit = 0;
      if (i < v.length()) {
        char c = v.charAt(i);
        if (c < '0' || c > '9') return -1;
        digit = c - '0';
      }
      thousandths = thousandths * 10 + digit;
    }
    if (v.charAt(0) == '1') return thousandths == 0 ? 1000 : -1;
    return thousandths;
  }

  private static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != ' ' && s.charAt(i) != '\t') return false;
    }
    return true;
  }

  /** A cursor over one element, with the token and quoted-string rules of RFC 9110 §5.6.2, §5.6.4. */
  private static final class Scanner {
    private final String s;
    private int at;

    Scanner(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return at >= s.length();
    }

    char peek() {
      return atEnd() ? '\0' : s.charAt(at);
    }

    boolean take(char c) {
      if (atEnd() || s.charAt(at) != c) return false;
      at++;
      return true;
    }

    void skipSpace() {
      while (!atEnd() && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) at++;
    }

    String token() {
      int from = at;
      while (!atEnd() && isTchar(s.charAt(at))) at++;
      return at > from ? s.substring(from, at) : null;
    }

    String quoted() {
      StringBuilder b = new StringBuilder();
      at++; // the opening quote
      while (!atEnd()) {
        char c = s.charAt(at++);
        if (c == '"') return b.toString();
        if (c == '\\') {
          if (atEnd()) return null;
          c = s.charAt(at++);
        }
        if (c < 0x20 && c != '\t' || c == 0x7f) return null;
        b.append(c);
      }
      return null;
    }

    private static boolean isTchar(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
