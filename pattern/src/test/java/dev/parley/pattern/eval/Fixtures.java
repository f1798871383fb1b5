package dev.parley.pattern.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Observed-data for tests, written compactly: JSON with ' for " and times in seconds. */
public final class Fixtures {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final Instant BASE = Instant.parse("2019-10-20T00:00:00Z");

  private Fixtures() {}

  /** 2.0-style observed-data at second {@code at} (first = last) embedding {@code objects}. */
  public static Observation at(long at, String objects) {
    return observed(at, at, 1, objects);
  }

  /** 2.0-style observed-data spanning seconds [first, last] seen {@code count} times. */
  public static Observation observed(long first, long last, long count, String objects) {
    ObjectNode od = JSON.createObjectNode();
    od.put("type", "observed-data");
    od.put("id", "observed-data--" + NEXT.incrementAndGet());
    od.put("first_observed", BASE.plusSeconds(first).toString());
    od.put("last_observed", BASE.plusSeconds(last).toString());
    od.put("number_observed", count);
    od.set("objects", json(objects));
    return Observations.from(od, id -> null).orElseThrow();
  }

  public static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }
}
