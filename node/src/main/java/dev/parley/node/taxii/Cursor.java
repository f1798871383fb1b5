package dev.parley.node.taxii;

import dev.parley.store.objects.ObjectQuery;

/** A {@code next} value: the request a page continues and the keyset position after its last row. */
record Cursor(PageRequest request, long afterSeq) {
  Cursor {
    if (afterSeq < 0) throw new IllegalArgumentException("a position is not negative");
  }

  /** The store's query for the page at this position. */
  ObjectQuery query() {
    return request.query(afterSeq);
  }
}
