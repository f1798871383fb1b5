package dev.parley.pattern.match;

import dev.parley.pattern.syntax.ComparisonExpression;
import java.util.List;

/** The indexed paths and the scanned comparisons of one SCO type. */
record TypeIndex(List<PathIndex> paths, int[] scanAtoms, List<ComparisonExpression> scanComparisons) {
  TypeIndex {
    paths = List.copyOf(paths);
    scanComparisons = List.copyOf(scanComparisons);
  }
}
