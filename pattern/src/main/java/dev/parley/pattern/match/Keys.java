package dev.parley.pattern.match;

import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.value.Comparisons;
import dev.parley.pattern.value.Texts;
import dev.parley.pattern.value.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Hash keys that are equal exactly when {@link Comparisons#compare} says "equal" (STIX 2.1 §9.2,
 * §9.6.4): one key space per kind, numbers stripped of trailing zeros, binary as hex.
 */
final class Keys {
  static final int TEXT = 0;
  static final int NUMBER = 1;
  static final int BOOL = 2;
  static final int TIME = 3;
  static final int BYTES = 4;
  static final int KINDS = 5;

  private Keys() {}

  /** Kind of a constant's key on a path, or -1 when it can equal nothing. */
  static int kind(Constant c, boolean binaryPath) {
    if (c instanceof Constant.StringConstant s) {
      return binaryPath ? (Texts.latin1(s.value()) == null ? -1 : BYTES) : TEXT;
    }
    if (c instanceof Constant.IntegerConstant || c instanceof Constant.FloatConstant) return NUMBER;
    if (c instanceof Constant.BooleanConstant) return BOOL;
    if (c instanceof Constant.TimestampConstant) return TIME;
    return BYTES;
  }

  static Object key(Constant c, boolean binaryPath) {
    if (c instanceof Constant.StringConstant s) {
      return binaryPath ? hex(Texts.latin1(s.value())) : s.value();
    }
    if (c instanceof Constant.IntegerConstant i) return number(BigDecimal.valueOf(i.value()));
    if (c instanceof Constant.FloatConstant f) return number(f.value());
    if (c instanceof Constant.BooleanConstant b) return b.value();
    if (c instanceof Constant.TimestampConstant t) return t.value();
    return hex(((Constant.BinaryConstant) c).bytes());
  }

  /** The key of a value in one key space, or null if the value has none there. */
  static Object key(Value v, int kind) {
    if (v instanceof Value.Text t) {
      return switch (kind) {
        case TEXT -> t.text();
        case TIME -> {
          Instant instant = Comparisons.timestamp(t.text());
          yield instant;
        }
        case BYTES -> {
          byte[] bytes = Texts.latin1(t.text());
          yield bytes == null ? null : hex(bytes);
        }
        default -> null;
      };
    }
    if (v instanceof Value.Number n) return kind == NUMBER ? number(n.number()) : null;
    if (v instanceof Value.Bool b) return kind == BOOL ? b.bool() : null;
    if (v instanceof Value.Bytes b) return kind == BYTES ? hex(b.bytes()) : null;
    return null;
  }

  static String number(BigDecimal d) {
    if (d.signum() == 0) return "0";
    try {
      return d.stripTrailingZeros().toString();
    } catch (ArithmeticException scaleOverflow) {
      // 100e2147483647 has no stripped form; no pattern constant (always stripped) can equal it
      return "~" + d;
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
