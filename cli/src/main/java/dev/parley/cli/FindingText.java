package dev.parley.cli;

import dev.parley.stix.Finding;

/** The one-line text form of a finding: {@code file:line: object-id: /pointer: rule: severity: message}. */
final class FindingText {
  private FindingText() {}

  static String line(Finding f) {
    StringBuilder b = new StringBuilder(128);
    b.append(f.source().isEmpty() ? "-" : f.source()).append(':').append(f.line()).append(": ");
    b.append(f.objectId().isEmpty() ? "-" : f.objectId()).append(": ");
    b.append(f.pointer().isEmpty() ? "/" : f.pointer()).append(": ");
    b.append(f.rule()).append(": ").append(f.severity().label()).append(": ");
    if (f.column() > 0) b.append("column ").append(f.column()).append(": ");
    b.append(oneLine(f.message()));
    return b.toString();
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
