package dev.parley.stix;

/** STIX 2.1 §3.1 object type names: what a {@code type} value may be. */
public final class TypeNames {
  private TypeNames() {}

  /** Whether {@code t} has 3-250 of a-z, 0-9 and '-', a letter first, a letter or digit last, and no "--" (§3.1). */
  public static boolean valid(String t) {
    int n = t.length();
    if (n < 3 || n > 250 || t.charAt(0) < 'a' || t.charAt(0) > 'z' || t.charAt(n - 1) == '-') return false;
    for (int i = 1; i < n; i++) {
      char c = t.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && t.charAt(i - 1) != '-');
      if (!ok) return false;
    }
    return true;
  }
}
