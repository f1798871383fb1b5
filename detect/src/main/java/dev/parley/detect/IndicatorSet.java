package dev.parley.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.pattern.ParseResult;
import dev.parley.pattern.Patterns;
import dev.parley.pattern.value.Comparisons;
import dev.parley.policy.Tlp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicators to detect with, from STIX objects in any order: the latest version of each id
 * (greatest {@code modified}; of equal ones, the last read), without revoked ones; a
 * {@code pattern_type} other than {@code stix}, or a pattern that does not parse, is skipped and
 * counted. Validity is not judged here: it depends on each record's event time.
 */
public final class IndicatorSet {
  private final List<Indicator> indicators;
  private final Counts counts;
  private final List<String> problems;

  /** What loading found: indicators compiled, versions superseded, and the skipped ones by reason. */
  public record Counts(int active, int superseded, int revoked, int otherPatternType, int invalid) {
    /** Indicators not detected with: other pattern types and invalid ones. */
    public int skipped() {
      return otherPatternType + invalid;
    }
  }

  private IndicatorSet(List<Indicator> indicators, Counts counts, List<String> problems) {
    this.indicators = List.copyOf(indicators);
    this.counts = counts;
    this.problems = List.copyOf(problems);
  }

  public List<Indicator> indicators() {
    return indicators;
  }

  public Counts counts() {
    return counts;
  }

  /** One line per invalid indicator: its id and why. */
  public List<String> problems() {
    return problems;
  }

  /** Collects indicator objects; other objects are ignored. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ObjectNode> latest = new HashMap<>();
    private final Map<String, Instant> latestModified = new HashMap<>();
    private int superseded;

    /** Offers one STIX object. */
    public Builder add(ObjectNode object) {
      if (!"indicator".equals(object.path("type").asText())) return this;
      String id = object.path("id").asText("");
      Instant modified = Comparisons.timestamp(object.path("modified").asText(""));
      if (modified == null) modified = Instant.MIN;
      Instant known = latestModified.get(id);
      if (known != null) {
        superseded++;
        if (modified.isBefore(known)) return this;
      }
      latest.put(id, object);
      latestModified.put(id, modified);
      return this;
    }

    public IndicatorSet build() {
      List<Indicator> out = new ArrayList<>(latest.size());
      List<String> problems = new ArrayList<>();
      int revoked = 0;
      int other = 0;
      int invalid = 0;
      for (Map.Entry<String, ObjectNode> e : latest.entrySet()) {
        ObjectNode o = e.getValue();
        if (o.path("revoked").asBoolean(false)) {
          revoked++;
          continue;
        }
        if (!"stix".equals(o.path("pattern_type").asText("stix"))) {
          other++;
          continue;
        }
        Instant from = Comparisons.timestamp(o.path("valid_from").asText(""));
        JsonNode untilNode = o.get("valid_until");
        Instant until = untilNode == null ? null : Comparisons.timestamp(untilNode.asText(""));
        if (from == null || untilNode != null && until == null) {
          invalid++;
          problems.add(e.getKey() + ": valid_from and valid_until must be STIX timestamps");
          continue;
        }
        ParseResult parsed = Patterns.parse(o.path("pattern").asText(""));
        if (parsed instanceof ParseResult.Invalid bad) {
          invalid++;
          problems.add(e.getKey() + ": " + bad.error());
          continue;
        }
        out.add(new Indicator(e.getKey(), IndicatorPatterns.normalise(((ParseResult.Valid) parsed).pattern()),
            from, until, tlp(o)));
      }
      out.sort(java.util.Comparator.comparing(Indicator::id));
      return new IndicatorSet(out, new Counts(out.size(), superseded, revoked, other, invalid), problems);
    }

    private static Tlp tlp(ObjectNode o) {
      Tlp level = null;
      for (JsonNode ref : o.path("object_marking_refs")) {
        Tlp found = Tlp.ofMarking(ref.asText("")).orElse(null);
        if (found != null) level = level == null ? found : level.max(found);
      }
      return level;
    }
  }
}
