package dev.parley.tlog.tiles;

import dev.parley.tlog.MalformedInputException;

/** Formatting of the {@code <N>[.p/<W>]} part of tile paths. */
final class TilePaths {
  private TilePaths() {}

  static void checkIndexAndWidth(long index, int width) {
    if (index < 0) {
      throw new MalformedInputException("tile path", "index must not be negative: " + index);
    }
    if (width < 1 || width > TilePath.FULL_WIDTH) {
      throw new MalformedInputException("tile path", "width must be 1 to 256: " + width);
    }
  }

  static String format(long index, int width) {
    StringBuilder out = new StringBuilder();
    String digits = Long.toString(index);
    int pad = (3 - digits.length() % 3) % 3;
    digits = "0".repeat(pad) + digits;
    for (int at = 0; at < digits.length(); at += 3) {
      boolean last = at + 3 == digits.length();
      if (!last) {
        out.append('x');
      }
      out.append(digits, at, at + 3);
      if (!last) {
        out.append('/');
      }
    }
    if (width < TilePath.FULL_WIDTH) {
      out.append(".p/").append(width);
    }
    return out.toString();
  }
}
