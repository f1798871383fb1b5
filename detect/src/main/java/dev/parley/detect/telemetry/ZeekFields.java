package dev.parley.detect.telemetry;

import java.util.List;

/** The fields of one Zeek record, by Zeek's field names ({@code id.orig_h}), whatever the log's form. */
interface ZeekFields {
  /** The field's text, decoded; null when unset or absent; "" when empty. */
  String text(String name);

  /** A set or vector field's elements, decoded; empty when unset, empty or absent. */
  List<String> texts(String name);

  /**
   * A field's second value, decoded, when the record gives it in two forms (Zeek JSON, flat and
   * nested: {@code "id.resp_h"} and {@code "id":{"resp_h":..}}) that differ: {@link #text} reads the
   * flat one, and both are observed. Null otherwise (a TSV record names a field once).
   */
  default String otherForm(String name) {
    return null;
  }
}
