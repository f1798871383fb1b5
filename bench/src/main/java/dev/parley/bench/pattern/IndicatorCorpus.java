package dev.parley.bench.pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.observe.Observations;
import dev.parley.pattern.syntax.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic indicators and telemetry: IPv4, IPv6, domains, URLs and file hashes, as
 * a threat feed and a sensor would produce them. A fixed share of observations hits an indicator.
 */
public final class IndicatorCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  private IndicatorCorpus() {}

  /** The observable value of indicator {@code i}: kind by i mod 20, value unique per i. */
  public static String[] observable(long i) {
    long h = mix(i);
    int kind = (int) (i % 20);
    if (kind < 6) return new String[] {"ipv4-addr", "value", ipv4(h)};
    if (kind < 9) return new String[] {"ipv6-addr", "value", ipv6(h)};
    if (kind < 14) return new String[] {"domain-name", "value", "d" + Long.toString(h & 0xffffffffffL, 36) + ".example"};
    if (kind < 17) return new String[] {"url", "value", "http://h" + Long.toString(h & 0xffffffffL, 36) + ".test/p/" + (h >>> 40)};
    if (kind < 19) return new String[] {"file", "hashes.'SHA-256'", sha256(h)};
    return new String[] {"file", "hashes.MD5", md5(h)};
  }

  /** Equality indicators; every tenth one an IN of two values. */
  static Map<String, String> equalityTexts(int n) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String[] o = observable(i);
      String text = i % 10 == 9
          ? "[" + o[0] + ":" + o[1] + " IN ('" + o[2] + "', '" + observable(i + 1_000_000_000L)[2] + "')]"
          : "[" + o[0] + ":" + o[1] + " = '" + o[2] + "']";
      out.put(id(i), text);
    }
    return out;
  }

  /** 80% equality, 10% CIDR, 5% LIKE, 5% MATCHES; one in fifty compound with a qualifier. */
  public static Map<String, String> mixedTexts(int n) {
    Map<String, String> out = new LinkedHashMap<>();
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      String[] o = observable(i);
      int roll = r.nextInt(100);
      String text;
      if (roll < 80) {
        text = "[" + o[0] + ":" + o[1] + " = '" + o[2] + "']";
      } else if (roll < 90) {
        long h = mix(i);
        text = "[ipv4-addr:value ISSUBSET '" + ipv4(h) + "/" + (16 + (h >>> 60)) + "']";
      } else if (roll < 95) {
        text = "[url:value LIKE 'http://h" + Long.toString(mix(i) & 0xffff, 36) + "%']";
      } else {
        text = "[domain-name:value MATCHES '^d" + Long.toString(mix(i) & 0xfff, 36) + "[a-z0-9]*\\\\.example$']";
      }
      if (i % 50 == 49) {
        String[] next = observable(i + 1);
        text = switch (i % 3) {
          case 0 -> "(" + text + " AND [" + next[0] + ":" + next[1] + " = '" + next[2] + "']) WITHIN 300 SECONDS";
          case 1 -> text + " FOLLOWEDBY [" + next[0] + ":" + next[1] + " = '" + next[2] + "']";
          default -> text + " REPEATS 2 TIMES";
        };
      }
      out.put(id(i), text);
    }
    return out;
  }

  public static Map<String, Pattern> parse(Map<String, String> texts) {
    Map<String, Pattern> out = new LinkedHashMap<>();
    texts.forEach((id, text) -> out.put(id, Patterns.parse(text).orThrow()));
    return out;
  }

  /** {@code count} pre-parsed observations; {@code hitPercent} of them carry an indicator's value. */
  static List<Observation> observations(int count, int indicators, int hitPercent) {
    SplittableRandom r = new SplittableRandom(11);
    List<Observation> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      long i = r.nextInt(100) < hitPercent ? r.nextInt(indicators) : 2_000_000_000L + r.nextInt(1 << 30);
      String[] o = observable(i);
      ObjectNode sco = JSON.createObjectNode();
      sco.put("type", o[0]);
      if (o[0].equals("file")) {
        sco.put("name", "f" + k + ".exe");
        ObjectNode hashes = sco.putObject("hashes");
        hashes.put(o[1].endsWith("MD5") ? "MD5" : "SHA-256", o[2]);
      } else {
        sco.put("value", o[2]);
      }
      ObjectNode od = JSON.createObjectNode();
      od.put("type", "observed-data");
      od.put("id", "observed-data--" + k);
      String t = BASE.plusSeconds(k).toString();
      od.put("first_observed", t);
      od.put("last_observed", t);
      od.put("number_observed", 1);
      od.putObject("objects").set("0", sco);
      out.add(Observations.from(od, id -> null).orElseThrow());
    }
    return out;
  }

  static String id(long i) {
    return String.format("indicator--%08x-0000-4000-8000-%012x", i, mix(i) & 0xffffffffffffL);
  }

  private static String ipv4(long h) {
    return ((h >>> 24) & 0xff) + "." + ((h >>> 16) & 0xff) + "." + ((h >>> 8) & 0xff) + "." + (h & 0xff);
  }

  private static String ipv6(long h) {
    return String.format("2001:db8:%x:%x:%x:%x:%x:%x", (h >>> 48) & 0xffff, (h >>> 32) & 0xffff,
        (h >>> 16) & 0xffff, h & 0xffff, (h >>> 8) & 0xfff, (h >>> 20) & 0xfff);
  }

  private static String sha256(long h) {
    StringBuilder s = new StringBuilder(64);
    for (int i = 0; i < 4; i++) s.append(String.format("%016x", mix(h + i)));
    return s.toString();
  }

  private static String md5(long h) {
    return String.format("%016x%016x", mix(h), mix(h + 1));
  }

  public static long mix(long x) {
    x += 0x9E3779B97F4A7C15L;
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }
}
