package dev.parley.pattern.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Chains of one associative operator ({@code a OR b OR c ...}) as balanced binary trees, and back.
 * Every operator the tree joins is associative in STIX 2.1 §9 (boolean AND and OR; observation
 * AND, OR and FOLLOWEDBY over sets of observations), so the balanced tree means what the
 * left-to-right reading means, while its depth grows with the logarithm of the chain: no walk over
 * the tree (equality, printing, evaluation, compiling) recurses as deep as a chain is long.
 */
final class Chains {
  private Chains() {}

  /** The operands joined as the parser joins a chain: halves, the left one the smaller. */
  static <T> T balanced(List<T> operands, BinaryOperator<T> join) {
    if (operands.isEmpty()) throw new IllegalArgumentException("a chain needs an operand");
    return balanced(operands, 0, operands.size(), join);
  }

  private static <T> T balanced(List<T> operands, int from, int to, BinaryOperator<T> join) {
    if (to - from == 1) return operands.get(from);
    int middle = from + split(to - from);
    return join.apply(balanced(operands, from, middle, join), balanced(operands, middle, to, join));
  }

  private static int split(int size) {
    return size / 2;
  }

  /**
   * The operands to print for {@code node}, so that reading them back as a chain builds this very
   * tree: a child joined by the same operator is spread into the chain when that keeps the shape,
   * and kept whole (to be printed in parentheses) otherwise. {@code children} gives a node's two
   * children when it is joined by the operator in question, else null; {@code known}, an identity
   * map, remembers the answers for subtrees, so that each is worked out once.
   */
  static <T> List<T> operands(T node, Function<T, List<T>> children, Map<T, List<T>> known) {
    List<T> done = known.get(node);
    if (done != null) return done;
    List<T> pair = children.apply(node);
    if (pair == null) return List.of(node);
    T left = pair.get(0);
    T right = pair.get(1);
    List<T> leftTerms = children.apply(left) == null ? null : operands(left, children, known);
    List<T> rightTerms = children.apply(right) == null ? null : operands(right, children, known);
    List<List<T>> lefts = leftTerms == null ? List.of(List.of(left)) : List.of(leftTerms, List.of(left));
    List<List<T>> rights = rightTerms == null ? List.of(List.of(right)) : List.of(rightTerms, List.of(right));
    for (List<T> l : lefts) {
      for (List<T> r : rights) {
        // balanced(l ++ r) is this node exactly when the split falls between l and r
        if (split(l.size() + r.size()) == l.size()) {
          List<T> all = new ArrayList<>(l.size() + r.size());
          all.addAll(l);
          all.addAll(r);
          known.put(node, all);
          return all;
        }
      }
    }
    throw new IllegalStateException("two whole operands always split between them");
  }
}
