package dev.parley.detect.telemetry;

import java.util.List;
import java.util.Random;

/**
 * Random JSON values for the tests that compare a streamed reader with the tree it replaced: null,
 * an object holding {@code nestedName} (where a nested form would be read), arrays of scalars,
 * nulls, arrays and objects, and scalars of every kind; where a value is read, now and then a
 * number out of reach ({@link #OUT_OF_REACH}), which must make its line malformed.
 */
final class HostileJsonValues {
  static final List<String> OUT_OF_REACH = List.of("1e2147483648", "1.5e-2147483648");

  private final List<String> scalars;
  private final String nestedName;

  HostileJsonValues(List<String> scalars, String nestedName) {
    this.scalars = List.copyOf(scalars);
    this.nestedName = nestedName;
  }

  /** A value; where {@code read}, a number out of reach now and then (a value not read is never decoded). */
  String value(Random r, boolean read) {
    return switch (r.nextInt(8)) {
      case 0 -> "null";
      case 1 -> "{\"x\":" + scalar(r, false) + ",\"" + nestedName + "\":\"10.0.0.9\"}";
      case 2, 3 -> {
        StringBuilder b = new StringBuilder("[");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) b.append(',');
          int k = r.nextInt(6);
          b.append(k == 0 ? "null" : k == 1 ? "[1,\"x\"]" : k == 2 ? "{\"a\":1}" : scalar(r, read));
        }
        yield b.append(']').toString();
      }
      default -> scalar(r, read);
    };
  }

  String scalar(Random r, boolean read) {
    if (read && r.nextInt(60) == 0) return OUT_OF_REACH.get(r.nextInt(OUT_OF_REACH.size()));
    return scalars.get(r.nextInt(scalars.size()));
  }
}
