package dev.parley.pattern.value;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A property value of an SCO in its native form (STIX 2.1 §9.6.4): binary properties already
 * decoded to octets, numbers exact.
 */
public sealed interface Value {

  /** A JSON string. */
  record Text(String text) implements Value {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A JSON number, exact. */
  record Number(BigDecimal number) implements Value {
    public Number {
      Objects.requireNonNull(number, "number");
    }
  }

  /** A JSON boolean. */
  record Bool(boolean bool) implements Value {}

  /** A decoded _bin or _hex property. */
  record Bytes(byte[] bytes) implements Value {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Bytes[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /** An object, a list, or an undecodable binary property: present, comparable to nothing. */
  record Other() implements Value {}
}
