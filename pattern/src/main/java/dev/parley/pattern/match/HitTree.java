package dev.parley.pattern.match;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The hits a counter keeps, ordered by first_observed then arrival: a treap whose nodes also sum
 * their subtree's weight (number_observed), so that "the weight of the hits that start in [a, b)"
 * and "the first hit that starts after t" cost O(log n) expected. Priorities come from the arrival
 * number, so a run is reproducible. Not thread-safe.
 */
final class HitTree {
  private static final class Node {
    final Hit hit;
    final int priority;
    Node left;
    Node right;
    long sum;

    Node(Hit hit) {
      this.hit = hit;
      this.priority = (int) ((hit.seq * 0x9E3779B97F4A7C15L) >>> 32);
      this.sum = hit.weight();
    }
  }

  private Node root;
  private int size;
  private boolean removed;

  int size() {
    return size;
  }

  /** The weight of every hit. */
  long weight() {
    return sum(root);
  }

  void add(Hit hit) {
    root = insert(root, new Node(hit));
    size++;
  }

  /** Removes {@code hit}; false when it was not here. */
  boolean remove(Hit hit) {
    removed = false;
    root = delete(root, hit);
    if (removed) size--;
    return removed;
  }

  boolean contains(Hit hit) {
    for (Node n = root; n != null; ) {
      int c = hit.compareTo(n.hit);
      if (c == 0) return true;
      n = c < 0 ? n.left : n.right;
    }
    return false;
  }

  /** The hit that starts earliest, or null. */
  Hit first() {
    Node n = root;
    if (n == null) return null;
    while (n.left != null) n = n.left;
    return n.hit;
  }

  /** The first hit that starts at or after {@code t}, or null. */
  Hit ceiling(Instant t) {
    return firstStarting(t, true);
  }

  /** The first hit that starts after {@code t}, or null. */
  Hit higher(Instant t) {
    return firstStarting(t, false);
  }

  private Hit firstStarting(Instant t, boolean atToo) {
    Hit best = null;
    for (Node n = root; n != null; ) {
      int c = n.hit.first().compareTo(t);
      if (c > 0 || atToo && c == 0) {
        best = n.hit;
        n = n.left;
      } else {
        n = n.right;
      }
    }
    return best;
  }

  /** The hit after {@code hit} in the tree's order, or null. */
  Hit after(Hit hit) {
    Hit best = null;
    for (Node n = root; n != null; ) {
      if (n.hit.compareTo(hit) > 0) {
        best = n.hit;
        n = n.left;
      } else {
        n = n.right;
      }
    }
    return best;
  }

  /** The weight of the hits that start before {@code t} (or at it, when {@code inclusive}). */
  long weightBefore(Instant t, boolean inclusive) {
    long total = 0;
    for (Node n = root; n != null; ) {
      int c = n.hit.first().compareTo(t);
      if (c < 0 || c == 0 && inclusive) {
        total += sum(n.left) + n.hit.weight();
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return total;
  }

  /** The first hit at which the weight of the hits up to it (inclusive) reaches {@code weight}, or null. */
  Hit reaching(long weight) {
    for (Node n = root; n != null; ) {
      long left = sum(n.left);
      if (weight <= left) {
        n = n.left;
      } else if (weight <= left + n.hit.weight()) {
        return n.hit;
      } else {
        weight -= left + n.hit.weight();
        n = n.right;
      }
    }
    return null;
  }

  /** Calls {@code each} for every hit, in order. */
  void forEach(Consumer<Hit> each) {
    walk(root, each);
  }

  private static void walk(Node n, Consumer<Hit> each) {
    // the left spine by recursion (O(log n) expected), the right one by the loop
    for (; n != null; n = n.right) {
      walk(n.left, each);
      each.accept(n.hit);
    }
  }

  private static long sum(Node n) {
    return n == null ? 0 : n.sum;
  }

  private static void update(Node n) {
    n.sum = sum(n.left) + n.hit.weight() + sum(n.right);
  }

  private static Node insert(Node t, Node n) {
    if (t == null) return n;
    if (n.hit.compareTo(t.hit) < 0) {
      t.left = insert(t.left, n);
      if (t.left.priority > t.priority) t = rotateRight(t);
    } else {
      t.right = insert(t.right, n);
      if (t.right.priority > t.priority) t = rotateLeft(t);
    }
    update(t);
    return t;
  }

  private Node delete(Node t, Hit hit) {
    if (t == null) return null;
    int c = hit.compareTo(t.hit);
    if (c == 0) {
      removed = true;
      return merge(t.left, t.right);
    }
    if (c < 0) t.left = delete(t.left, hit);
    else t.right = delete(t.right, hit);
    update(t);
    return t;
  }

  /** Joins two treaps, every hit of {@code a} before every hit of {@code b}. */
  private static Node merge(Node a, Node b) {
    if (a == null) return b;
    if (b == null) return a;
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      update(a);
      return a;
    }
    b.left = merge(a, b.left);
    update(b);
    return b;
  }

  private static Node rotateRight(Node t) {
    Node l = t.left;
    t.left = l.right;
    l.right = t;
    update(t);
    update(l);
    return l;
  }

  private static Node rotateLeft(Node t) {
    Node r = t.right;
    t.right = r.left;
    r.left = t;
    update(t);
    update(r);
    return r;
  }
}
