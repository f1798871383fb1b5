package dev.parley.store.objects;

import java.util.List;

/** Rows of one page, and whether more rows match after the last. */
public record Page(List<ObjectRow> rows, boolean more) {
  public Page {
    rows = List.copyOf(rows);
  }

  /** The keyset position after this page (the last row's sequence), or {@code from} when empty. */
  public long lastSeq(long from) {
    return rows.isEmpty() ? from : rows.get(rows.size() - 1).seq();
  }
}
