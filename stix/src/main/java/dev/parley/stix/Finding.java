package dev.parley.stix;

import java.util.Objects;

/**
 * One verdict of the validator or the reader: where (source, line, object id, JSON pointer), which
 * rule (a stable identifier listed in {@link Rules}), and a message for people.
 *
 * @param source the file name, or {@code -} for standard input; empty when not read from a source
 * @param line the line where the object (or the malformed text) starts; 0 when unknown
 * @param column the column of malformed text; 0 otherwise
 * @param objectId the object's {@code id}, or empty when it has none
 * @param pointer an RFC 6901 JSON pointer into the object; empty for the whole object
 */
public record Finding(
    Severity severity,
    String rule,
    String message,
    String objectId,
    String pointer,
    String source,
    long line,
    long column) {

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    objectId = objectId == null ? "" : objectId;
    pointer = pointer == null ? "" : pointer;
    source = source == null ? "" : source;
  }

  /** A finding about an object, not yet placed in a source. */
  public static Finding of(Severity severity, String rule, String objectId, String pointer, String message) {
    return new Finding(severity, rule, message, objectId, pointer, "", 0, 0);
  }

  /** This finding placed at a source and line. */
  public Finding at(String source, long line) {
    return new Finding(severity, rule, message, objectId, pointer, source, line, column);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The one-line text form: {@code file:line: object-id: /pointer: rule: message}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(source.isEmpty() ? "-" : source).append(':').append(line);
    if (column > 0) b.append(':').append(column);
    b.append(": ").append(objectId.isEmpty() ? "-" : objectId);
    b.append(": ").append(pointer.isEmpty() ? "/" : pointer);
    b.append(": ").append(severity.label()).append(' ').append(rule);
    b.append(": ").append(message);
    return b.toString();
  }
}
