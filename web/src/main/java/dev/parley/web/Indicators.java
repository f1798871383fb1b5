package dev.parley.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Indicators of compromise as analysts paste them: one a line, or separated by spaces, commas or
 * semicolons, often defanged so that no one clicks them ({@code hxxp://}, {@code example[.]com},
 * {@code 10[.]0[.]0[.]1}, {@code user[@]example.com}, {@code [:]//}). Each is refanged and lowered
 * (hashes and domain names compare without case) for the search.
 */
final class Indicators {
  private Indicators() {}

  /** A value as pasted and as searched for. */
  record Value(String pasted, String normalized) {}

  static List<Value> parse(String input) {
    Map<String, Value> values = new LinkedHashMap<>();
    for (String token : input.split("[\\s,;]+")) {
      String pasted = token.strip();
      if (pasted.isEmpty()) continue;
      String n = refang(pasted);
      if (!n.isEmpty()) values.putIfAbsent(n, new Value(pasted, n));
    }
    return new ArrayList<>(values.values());
  }

  static String refang(String s) {
    String n = s.toLowerCase(Locale.ROOT);
    n = n.replaceAll("^[\"'<(]+|[\"'>)]+$", "");
    n = n.replaceAll("^hxxp", "http").replaceAll("^hxxps", "https").replaceAll("^fxp", "ftp");
    n = n.replace("[.]", ".").replace("(.)", ".").replace("{.}", ".").replace("[dot]", ".").replace("(dot)", ".");
    n = n.replace("[:]", ":").replace("[://]", "://").replace("[@]", "@").replace("[at]", "@");
    n = n.replace("[/]", "/");
    return n;
  }

  /**
   * Whether the object's JSON holds {@code value} as a whole value, not as part of a longer one:
   * {@code 10.0.0.1} is not held by {@code 10.0.0.10}, nor {@code example.com} by {@code notexample.com}.
   */
  static boolean holds(String body, String value) {
    String text = body.toLowerCase(Locale.ROOT);
    int from = 0;
    while (true) {
      int at = text.indexOf(value, from);
      if (at < 0) return false;
      int end = at + value.length();
      boolean startOk = at == 0 || !word(text.charAt(at - 1)) && text.charAt(at - 1) != '.';
      boolean endOk = end >= text.length() || !word(text.charAt(end))
          && !(text.charAt(end) == '.' && end + 1 < text.length() && word(text.charAt(end + 1)));
      if (startOk && endOk) return true;
      from = at + 1;
    }
  }

  private static boolean word(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
  }
}
