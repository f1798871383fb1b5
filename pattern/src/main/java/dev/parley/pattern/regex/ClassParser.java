package dev.parley.pattern.regex;

import java.util.ArrayList;
import java.util.List;

/** Parses bracket expressions ({@code [^a-z\d]}) and single-symbol escapes ({@code \x41}, {@code \w}). */
final class ClassParser {
  private ClassParser() {}

  /** Called after '['. */
  static CharClass parse(RegexParser p) {
    boolean negated = false;
    if (p.more() && p.peek() == '^') {
      p.next();
      negated = true;
    }
    List<int[]> parts = new ArrayList<>();
    boolean first = true;
    while (true) {
      if (!p.more()) throw p.error("missing ']'");
      int c = p.peek();
      if (c == ']' && !first) {
        p.next();
        break;
      }
      first = false;
      if (c == '[' && posixAhead(p)) {
        posix(p).addTo(parts);
        continue;
      }
      CharClass low = member(p);
      int lo = low.singleSymbol();
      if (lo >= 0 && p.more() && p.peek() == '-' && !closesAfterDash(p)) {
        p.next();
        CharClass high = member(p);
        int hi = high.singleSymbol();
        if (hi < 0) throw p.error("a range needs a single symbol on each side");
        if (hi < lo) throw p.error("range out of order");
        parts.add(new int[] {lo, hi});
      } else {
        low.addTo(parts);
      }
    }
    return CharClass.union(parts, negated, p.folding());
  }

  private static boolean closesAfterDash(RegexParser p) {
    int save = p.position();
    p.next();
    boolean closes = !p.more() || p.peek() == ']';
    rewind(p, save);
    return closes;
  }

  private static void rewind(RegexParser p, int to) {
    while (p.position() > to) backOne(p);
  }

  private static void backOne(RegexParser p) {
    p.rewindOne();
  }

  private static CharClass member(RegexParser p) {
    int c = p.next();
    if (c == '\\') {
      if (p.more() && p.peek() == 'b') {
        p.next();
        return CharClass.literal('\b', false);
      }
      p.rewindOne();
      return escape(p);
    }
    return CharClass.literal(c, false);
  }

  private static boolean posixAhead(RegexParser p) {
    int save = p.position();
    p.next();
    boolean posix = p.more() && p.peek() == ':';
    rewind(p, save);
    return posix;
  }

  private static CharClass posix(RegexParser p) {
    p.next();
    p.next();
    StringBuilder name = new StringBuilder();
    while (p.more() && p.peek() != ':') name.appendCodePoint(p.next());
    if (!p.more()) throw p.error("unterminated POSIX class");
    p.next();
    if (!p.more() || p.next() != ']') throw p.error("unterminated POSIX class");
    return switch (name.toString()) {
      case "alpha" -> CharClass.ranges('A', 'Z', 'a', 'z');
      case "digit" -> CharClass.DIGIT;
      case "alnum" -> CharClass.ranges('0', '9', 'A', 'Z', 'a', 'z');
      case "space" -> CharClass.SPACE;
      case "upper" -> CharClass.ranges('A', 'Z');
      case "lower" -> CharClass.ranges('a', 'z');
      case "xdigit" -> CharClass.ranges('0', '9', 'A', 'F', 'a', 'f');
      case "word" -> CharClass.WORD;
      case "punct" -> CharClass.ranges('!', '/', ':', '@', '[', '`', '{', '~');
      default -> throw p.error("unsupported POSIX class [:" + name + ":]");
    };
  }

  /** Called at a backslash; consumes the escape and returns the symbols it stands for. */
  static CharClass escape(RegexParser p) {
    p.next(); // '\\'
    if (!p.more()) throw p.error("trailing backslash");
    int c = p.next();
    return switch (c) {
      case 'd' -> CharClass.DIGIT;
      case 'D' -> CharClass.DIGIT.negate();
      case 'w' -> CharClass.WORD;
      case 'W' -> CharClass.WORD.negate();
      case 's' -> CharClass.SPACE;
      case 'S' -> CharClass.SPACE.negate();
      case 'h' -> CharClass.ranges('\t', '\t', ' ', ' ', 0xA0, 0xA0);
      case 'v' -> CharClass.ranges('\n', '\r', 0x85, 0x85, 0x2028, 0x2029);
      case 't' -> CharClass.literal('\t', false);
      case 'n' -> CharClass.literal('\n', false);
      case 'r' -> CharClass.literal('\r', false);
      case 'f' -> CharClass.literal('\f', false);
      case 'e' -> CharClass.literal(0x1B, false);
      case 'a' -> CharClass.literal(0x07, false);
      case 'x' -> CharClass.literal(hex(p), false);
      case 'c' -> {
        if (!p.more()) throw p.error("\\c needs a letter");
        yield CharClass.literal(Character.toUpperCase(p.next()) ^ 0x40, false);
      }
      case '0' -> CharClass.literal(octal(p), false);
      case '1', '2', '3', '4', '5', '6', '7', '8', '9', 'g', 'k' ->
          throw p.error("backreferences cannot be matched in linear time; not supported");
      case 'p', 'P' -> throw p.error("Unicode property classes are not supported");
      case 'G', 'K', 'R', 'X', 'C', 'N' ->
          throw p.error("\\" + Character.toString(c) + " is not supported");
      default -> {
        if (Character.isLetterOrDigit(c)) throw p.error("unknown escape \\" + Character.toString(c));
        yield CharClass.literal(c, p.folding());
      }
    };
  }

  private static int hex(RegexParser p) {
    StringBuilder digits = new StringBuilder();
    if (p.more() && p.peek() == '{') {
      p.next();
      while (p.more() && p.peek() != '}') digits.appendCodePoint(p.next());
      if (!p.more()) throw p.error("missing '}' in \\x{...}");
      p.next();
    } else {
      while (digits.length() < 2 && p.more() && Character.digit(p.peek(), 16) >= 0) {
        digits.appendCodePoint(p.next());
      }
    }
    if (digits.isEmpty()) return 0;
    try {
      int value = Integer.parseInt(digits.toString(), 16);
      if (value > Character.MAX_CODE_POINT) throw p.error("code point out of range");
      return value;
    } catch (NumberFormatException e) {
      throw p.error("invalid hexadecimal escape");
    }
  }

  private static int octal(RegexParser p) {
    int value = 0;
    for (int i = 0; i < 2 && p.more() && p.peek() >= '0' && p.peek() <= '7'; i++) {
      value = value * 8 + (p.next() - '0');
    }
    return value;
  }
}
