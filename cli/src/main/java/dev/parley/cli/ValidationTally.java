package dev.parley.cli;

import dev.parley.stix.Finding;
import dev.parley.stix.Severity;
import dev.parley.stix.StixRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/** What {@code parley validate} counts for its summary: objects by verdict, findings by rule, what was ignored. */
final class ValidationTally {
  long objects;
  long valid;
  long withErrors;
  long withWarnings;
  long malformed;
  long emptyInputs;
  long bundles;
  long bundleErrors;
  long bundleWarnings;
  private final Map<String, long[]> byRule = new HashMap<>(); // rule -> {errors, warnings}
  private final Map<String, Long> ignored = new HashMap<>();

  /** Counts a record and the findings that were not ignored. */
  void count(StixRecord record, List<Finding> findings) {
    boolean error = false;
    boolean warning = false;
    for (Finding f : findings) {
      if (f.severity() == Severity.ERROR) error = true;
      else warning = true;
      rule(f);
    }
    if (record instanceof StixRecord.Malformed) {
      malformed++;
    } else if (record instanceof StixRecord.BundleRecord) {
      bundles++;
      if (error) bundleErrors++;
      if (warning) bundleWarnings++;
    } else {
      objects++;
      if (error) withErrors++;
      if (warning) withWarnings++;
      if (!error && !warning) valid++;
    }
  }

  /** Counts an input that held nothing but white space, and its finding. */
  void empty(Finding finding) {
    emptyInputs++;
    rule(finding);
  }

  void ignore(Finding finding) {
    ignored.merge(finding.rule(), 1L, Long::sum);
  }

  private void rule(Finding f) {
    byRule.computeIfAbsent(f.rule(), r -> new long[2])[f.severity() == Severity.ERROR ? 0 : 1]++;
  }

  boolean failed(boolean strict) {
    return malformed > 0 || emptyInputs > 0 || withErrors > 0 || bundleErrors > 0
        || (strict && (withWarnings > 0 || bundleWarnings > 0));
  }

  /** The summary's lines: counts of objects, then findings by rule and ignored findings when there are any. */
  List<String> summary() {
    List<String> parts = new ArrayList<>();
    parts.add(objects + (objects == 1 ? " object" : " objects") + " read");
    parts.add(valid + " valid");
    parts.add(withErrors + " with errors");
    parts.add(withWarnings + " with warnings");
    if (malformed > 0) parts.add(malformed + " malformed " + (malformed == 1 ? "record" : "records"));
    if (emptyInputs > 0) parts.add(emptyInputs + " empty " + (emptyInputs == 1 ? "input" : "inputs"));
    if (bundleErrors > 0) parts.add(bundleErrors + (bundleErrors == 1 ? " bundle" : " bundles") + " with errors");
    List<String> lines = new ArrayList<>();
    lines.add("summary: " + String.join(", ", parts));
    if (!byRule.isEmpty()) {
      List<String> rules = new ArrayList<>();
      for (String rule : ordered(byRule.keySet(), r -> byRule.get(r)[0] + byRule.get(r)[1])) {
        long[] n = byRule.get(rule);
        List<String> counts = new ArrayList<>();
        if (n[0] > 0) counts.add(n[0] + (n[0] == 1 ? " error" : " errors"));
        if (n[1] > 0) counts.add(n[1] + (n[1] == 1 ? " warning" : " warnings"));
        rules.add(rule + " " + String.join(" ", counts));
      }
      lines.add("by rule: " + String.join(", ", rules));
    }
    if (!ignored.isEmpty()) {
      List<String> rules = new ArrayList<>();
      for (String rule : ordered(ignored.keySet(), ignored::get)) rules.add(rule + " " + ignored.get(rule));
      lines.add("ignored: " + String.join(", ", rules));
    }
    return lines;
  }

  Map<String, Object> asMap(boolean strict) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objects", objects);
    m.put("valid", valid);
    m.put("with_errors", withErrors);
    m.put("with_warnings", withWarnings);
    m.put("malformed_records", malformed);
    m.put("empty_inputs", emptyInputs);
    m.put("bundles", bundles);
    m.put("bundles_with_errors", bundleErrors);
    Map<String, Object> rules = new LinkedHashMap<>();
    for (String rule : ordered(byRule.keySet(), r -> byRule.get(r)[0] + byRule.get(r)[1])) {
      Map<String, Long> counts = new LinkedHashMap<>(); // Map.of would order its keys differently in every JVM
      counts.put("errors", byRule.get(rule)[0]);
      counts.put("warnings", byRule.get(rule)[1]);
      rules.put(rule, counts);
    }
    m.put("rules", rules);
    Map<String, Object> skipped = new LinkedHashMap<>();
    for (String rule : ordered(ignored.keySet(), ignored::get)) skipped.put(rule, ignored.get(rule));
    m.put("ignored", skipped);
    m.put("ok", !failed(strict));
    return m;
  }

  /** Rules by count, the most frequent first, then by id. */
  private static List<String> ordered(Set<String> rules, ToLongFunction<String> count) {
    List<String> list = new ArrayList<>(rules);
    list.sort(Comparator.comparingLong(count).reversed().thenComparing(Comparator.naturalOrder()));
    return list;
  }
}
