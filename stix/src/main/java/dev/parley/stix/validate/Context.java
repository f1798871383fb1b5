package dev.parley.stix.validate;

import dev.parley.stix.Finding;
import dev.parley.stix.Severity;
import java.util.ArrayList;
import java.util.List;

/** Collects the findings about one object while its checks run. */
final class Context {
  final String objectId;
  final String type;
  final PatternChecker patterns;
  final List<Finding> findings = new ArrayList<>();
  /** True when only errors are wanted: warnings are dropped, and checks that can only warn may stop early. */
  final boolean errorsOnly;
  /** Findings reported so far, warnings dropped under {@link #errorsOnly} included: what a check that follows another asks. */
  int reported;

  Context(String objectId, String type, PatternChecker patterns) {
    this(objectId, type, patterns, false);
  }

  Context(String objectId, String type, PatternChecker patterns, boolean errorsOnly) {
    this.objectId = objectId;
    this.type = type;
    this.patterns = patterns;
    this.errorsOnly = errorsOnly;
  }

  void error(String rule, String pointer, String message) {
    reported++;
    findings.add(Finding.of(Severity.ERROR, rule, objectId, pointer, message));
  }

  void warning(String rule, String pointer, String message) {
    reported++;
    if (errorsOnly) return;
    findings.add(Finding.of(Severity.WARNING, rule, objectId, pointer, message));
  }

  /** Appends a property name or list index to a JSON pointer, escaped per RFC 6901 §3. */
  static String child(String pointer, String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }
}
