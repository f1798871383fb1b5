package dev.parley.detect.telemetry;

import java.util.List;

/** The fields of one Zeek record, by Zeek's field names ({@code id.orig_h}), whatever the log's form. */
interface ZeekFields {
  /** The field's text, decoded; null when unset or absent; "" when empty. */
  String text(String name);

  /** A set or vector field's elements, decoded; empty when unset, empty or absent. */
  List<String> texts(String name);
}
