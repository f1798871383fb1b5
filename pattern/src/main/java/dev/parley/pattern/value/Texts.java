package dev.parley.pattern.value;

/** String helpers for STIX comparisons: code point order (§9.6.2) and string-to-octets (§9.6.4). */
public final class Texts {
  private Texts() {}

  /** Compares by Unicode code point, not UTF-16 unit; a longer string with equal prefix is greater. */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The octets of a string whose code points are all below U+0100, else null (§9.6.4). */
  public static byte[] latin1(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xff) return null;
      out[i] = (byte) c;
    }
    return out;
  }

  /** True when every code point is below U+0100, i.e. {@link #latin1} would convert the string. */
  public static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) return false;
    }
    return true;
  }

  /** Octets as symbols 0-255 for the regular-expression automaton. */
  public static int[] octets(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) out[i] = bytes[i] & 0xff;
    return out;
  }
}
