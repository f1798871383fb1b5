package dev.parley.tlog.tree;

/**
 * A source of the hashes of complete (perfect) subtrees of one tree: the node at {@code level}
 * {@code index} is {@code MTH(D[index * 2^level : (index + 1) * 2^level])}. Callers only ask for
 * nodes that lie wholly inside the tree. Implementations may read tiles from a database or files;
 * they throw {@link dev.parley.tlog.TlogException} subclasses when a hash cannot be read. Thread
 * safety is up to the implementation and must be documented there.
 */
@FunctionalInterface
public interface NodeReader {
  Hash node(int level, long index);
}
