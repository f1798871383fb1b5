package dev.parley.pattern.syntax;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** A constant of STIX 2.1 §9.2. */
public sealed interface Constant {

  /** {@code 'text'}: a Unicode string, escapes already removed. */
  record StringConstant(String value) implements Constant {
    public StringConstant {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A signed integer; STIX integers are within ±(2^53-1) (§2.10). */
  record IntegerConstant(long value) implements Constant {}

  /** A decimal number, kept exact so that 1 and 1.5 stay unequal (§9.2); within a double's range. */
  record FloatConstant(BigDecimal value) implements Constant {
    public FloatConstant {
      if (!representable(value)) throw new IllegalArgumentException("beyond an IEEE 754 double: " + value);
      value = value.stripTrailingZeros(); // 1.50 and 1.5 are one constant
    }

    /**
     * True when an IEEE 754 double (STIX 2.1 §2.6) holds the value, rounded but neither overflowing
     * to infinity nor underflowing to zero; this also bounds the plain decimal text of the number
     * to a few hundred digits beyond those written.
     */
    public static boolean representable(BigDecimal value) {
      double rounded = value.doubleValue();
      return Double.isFinite(rounded) && (rounded != 0 || value.signum() == 0);
    }
  }

  /** {@code true} or {@code false}. */
  record BooleanConstant(boolean value) implements Constant {}

  /** {@code t'2016-06-01T00:00:00Z'}. */
  record TimestampConstant(Instant value) implements Constant {
    public TimestampConstant {
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code b'base64'} or {@code h'hex'}: octets; {@code hex} records how it was written. */
  record BinaryConstant(byte[] bytes, boolean hex) implements Constant {
    public BinaryConstant {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BinaryConstant b && b.hex == hex && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes) * 31 + Boolean.hashCode(hex);
    }

    @Override
    public String toString() {
      return "BinaryConstant[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /** The parenthesized list on the right of IN; {@code ()} is the empty set, which holds no value. */
  record SetConstant(List<Constant> values) implements Constant {
    public SetConstant {
      values = List.copyOf(values);
    }
  }
}
