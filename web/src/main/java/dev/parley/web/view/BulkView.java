package dev.parley.web.view;

import java.util.List;

/** Bulk search: per value, the objects that hold it; and the values nothing holds. */
public record BulkView(Layout layout, String input, List<Hit> found, List<String> missing, String message, boolean searched) {
  /** A value (as normalized from what was pasted) and the objects holding it. */
  public record Hit(String value, String pasted, List<Row> holders) {}
}
