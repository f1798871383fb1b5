package dev.parley.detect.telemetry;

/**
 * Punycode (RFC 3492), encoding only: a label of Unicode code points to the ASCII form that follows
 * {@code xn--}. {@link Normalize#domain} needs it for the labels that IDNA2003 ({@link java.net.IDN})
 * maps where IDNA2008 and UTS #46 keep the character (ß, ς), since the JDK has no public encoder.
 * Stateless.
 */
final class Punycode {
  private static final int BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 128;

  private Punycode() {}

  /** The Punycode form of {@code label} (RFC 3492 §6.3); null on overflow, which no DNS label reaches. */
  static String encode(String label) {
    int[] input = label.codePoints().toArray();
    StringBuilder out = new StringBuilder(label.length() + 8);
    for (int c : input) if (c < 0x80) out.append((char) c);
    int basic = out.length();
    int handled = basic;
    if (basic > 0) out.append('-');
    int n = INITIAL_N;
    long delta = 0;
    int bias = INITIAL_BIAS;
    while (handled < input.length) {
      int m = Integer.MAX_VALUE;
      for (int c : input) if (c >= n && c < m) m = c;
      delta += (long) (m - n) * (handled + 1);
      if (delta > Integer.MAX_VALUE) return null;
      n = m;
      for (int c : input) {
        if (c < n && ++delta > Integer.MAX_VALUE) return null;
        if (c != n) continue;
        long q = delta;
        for (int k = BASE; ; k += BASE) {
          int t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          out.append(digit((int) (t + (q - t) % (BASE - t))));
          q = (q - t) / (BASE - t);
        }
        out.append(digit((int) q));
        bias = adapt(delta, handled + 1, handled == basic);
        delta = 0;
        handled++;
      }
      delta++;
      n++;
    }
    return out.toString();
  }

  private static int adapt(long delta, int points, boolean first) {
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / points;
    int k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
      delta /= BASE - TMIN;
      k += BASE;
    }
    return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
  }

  private static char digit(int d) {
    return (char) (d < 26 ? 'a' + d : '0' + d - 26);
  }
}
