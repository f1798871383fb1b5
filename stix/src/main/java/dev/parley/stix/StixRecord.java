package dev.parley.stix;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One thing read from a STIX input: an object, a bundle's own properties, or malformed text. */
public sealed interface StixRecord {

  /** The source name ({@code -} for standard input). */
  String source();

  /** The line where this record starts (1-based). */
  long line();

  /**
   * A STIX object.
   *
   * @param bundleId the id of the bundle that holds it, or empty when it stands alone
   * @param text the object's JSON exactly as read, when the input gave it on its own (a JSON Lines
   *     record, in which no member name repeats); null when it was part of a larger document
   */
  record ObjectRecord(ObjectNode object, String source, long line, String bundleId, String text) implements StixRecord {
    public ObjectRecord(ObjectNode object, String source, long line, String bundleId) {
      this(object, source, line, bundleId, null);
    }
  }

  /**
   * The properties of a bundle other than {@code objects}; it precedes the bundle's objects when
   * the bundle names its type before its objects, and follows them otherwise.
   */
  record BundleRecord(ObjectNode header, String source, long line) implements StixRecord {}

  /** Text that is not JSON, or JSON that is not an object where one is needed. */
  record Malformed(String message, String source, long line, long column) implements StixRecord {
    /** This malformation as a finding of rule {@code json-syntax}. */
    public Finding finding() {
      return new Finding(Severity.ERROR, Rules.JSON_SYNTAX, message, "", "", source, line, column);
    }
  }
}
