package dev.parley.tlog.tiles;

import dev.parley.tlog.MalformedInputException;

/** Parses tile paths strictly: the result must print back to the same text. */
final class TilePathParser {
  private TilePathParser() {}

  static TilePath parse(String path) {
    if (!path.startsWith("tile/")) {
      throw malformed(path, "does not start with tile/");
    }
    String[] parts = path.substring("tile/".length()).split("/", -1);
    if (parts.length < 2) {
      throw malformed(path, "too few elements");
    }
    int end = parts.length;
    int width = TilePath.FULL_WIDTH;
    if (parts[end - 2].endsWith(".p")) {
      width = (int) parseDecimal(path, parts[end - 1], 3);
      parts[end - 2] = parts[end - 2].substring(0, parts[end - 2].length() - 2);
      end--;
    }
    long index = 0;
    for (int at = 1; at < end; at++) {
      boolean last = at == end - 1;
      String element = parts[at];
      if (!last) {
        if (!element.startsWith("x")) {
          throw malformed(path, "index element without x: " + element);
        }
        element = element.substring(1);
      }
      if (element.length() != 3 || !element.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw malformed(path, "index element is not 3 digits: " + parts[at]);
      }
      try {
        index = Math.addExact(Math.multiplyExact(index, 1000), Integer.parseInt(element));
      } catch (ArithmeticException e) {
        throw malformed(path, "index too large");
      }
    }
    TilePath parsed;
    if (parts[0].equals("entries")) {
      parsed = new TilePath.EntryBundle(index, width);
    } else {
      parsed = new TilePath.HashTile((int) parseDecimal(path, parts[0], 2), index, width);
    }
    if (!parsed.toPath().equals(path)) {
      throw malformed(path, "not in canonical form (expected " + parsed.toPath() + ")");
    }
    return parsed;
  }

  private static long parseDecimal(String path, String text, int maxDigits) {
    if (text.isEmpty() || text.length() > maxDigits || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw malformed(path, "not a small decimal: " + text);
    }
    return Long.parseLong(text);
  }

  private static MalformedInputException malformed(String path, String why) {
    return new MalformedInputException("tile path", why + ": " + path);
  }
}
