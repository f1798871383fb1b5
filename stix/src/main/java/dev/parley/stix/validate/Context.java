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

  Context(String objectId, String type, PatternChecker patterns) {
    this.objectId = objectId;
    this.type = type;
    this.patterns = patterns;
  }

  void error(String rule, String pointer, String message) {
    findings.add(Finding.of(Severity.ERROR, rule, objectId, pointer, message));
  }

  void warning(String rule, String pointer, String message) {
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
