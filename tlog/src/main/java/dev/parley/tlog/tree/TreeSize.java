package dev.parley.tlog.tree;

/**
 * The number of leaves in a tree, never negative.
 *
 * @param value the leaf count
 */
public record TreeSize(long value) implements Comparable<TreeSize> {
  /** The empty tree. */
  public static final TreeSize ZERO = new TreeSize(0);

  public TreeSize {
    if (value < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + value);
    }
  }

  public static TreeSize of(long value) {
    return new TreeSize(value);
  }

  /** Whether {@code index} names a leaf of this tree. */
  public boolean contains(long index) {
    return index >= 0 && index < value;
  }

  @Override
  public int compareTo(TreeSize other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
