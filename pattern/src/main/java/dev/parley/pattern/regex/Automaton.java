package dev.parley.pattern.regex;

import dev.parley.pattern.regex.Node.Anchor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Thompson NFA run by simultaneous state simulation (Thompson 1968; Cox, "Regular Expression
 * Matching Can Be Simple And Fast", 2007): every input symbol is read once and each state is
 * visited at most once per symbol, so a search costs O(input × states) whatever the expression.
 * Immutable and thread-safe.
 */
public final class Automaton {
  static final int MAX_STATES = 50_000;
  /**
   * The work one search may do, in states visited: {@link #BUDGET_BASE} plus {@link #BUDGET_PER_SYMBOL}
   * for each symbol of the input. A search costs the symbols times the threads alive at each, and an
   * expression of a few characters can keep tens of thousands alive ({@code (a{1000}){40}} over a long
   * run of a's: a minute for one 400 KB URL); an expression that keeps at most 256 alive on average
   * never meets the bound. A search that meets it ends without a match and is counted
   * ({@link #cutShort()}), so that a run can say how many comparisons it could not decide.
   */
  static final long BUDGET_BASE = 4_000_000;
  static final long BUDGET_PER_SYMBOL = 256;
  /**
   * What a search of an expression not known to be costly may always spend, when its observation's
   * shared budget is spent: {@link #FLOOR_BASE} plus {@link #FLOOR_PER_SYMBOL} a symbol, the work of
   * an expression that keeps at most 16 threads alive on average, as most indicators' do.
   */
  static final long FLOOR_BASE = 20_000;
  static final long FLOOR_PER_SYMBOL = 16;
  private static final LongAdder CUT_SHORT = new LongAdder();
  private static final LongAdder VISITED = new LongAdder();
  private static final int CHAR = 0; // operand: the class's index in chars; next state: the following one
  private static final int SPLIT = 1; // operand: the second branch; the first is the following state
  private static final int JUMP = 2; // operand: the target
  private static final int ASSERT = 3; // operand: the anchor's ordinal; next state: the following one
  private static final int MATCH = 4;
  private static final int OP_SHIFT = 29;
  private static final int OPERAND = (1 << OP_SHIFT) - 1;
  private static final Anchor[] ANCHORS = Anchor.values();

  /**
   * One int per state: its kind in the top three bits, its operand below. Every edge but a jump's and
   * a split's second branch goes to the next state, so one operand is all a state needs: 4 bytes a
   * state where five arrays took 20, and an expression of 40,000 states (a dozen characters such as
   * {@code (a{1000}){40}}) holds 160 KB, not 0.8 MB.
   */
  private final int[] states;
  /** The distinct classes of the expression's symbols, in a table: repeated copies of a symbol share one. */
  private final CharClass[] chars;
  private final String prefix; // every match starts the input with it ("" when unknown)
  /** A search of this expression met its own bound, whole: it is searched with a floor at most (see {@link #BUDGETS}). */
  private volatile boolean costly;
  /** Its last search inside a shared budget met its floor, undecided: no floor until one is decided. */
  private volatile boolean suspect;

  private Automaton(Builder b, String prefix) {
    this.prefix = prefix;
    states = Arrays.copyOf(b.states, b.size);
    chars = b.classes.toArray(new CharClass[0]);
  }

  static Automaton compile(Node node) {
    Builder b = new Builder();
    b.emit(node);
    b.add(MATCH, 0);
    return new Automaton(b, anchoredPrefix(node));
  }

  /**
   * The literal symbols that follow a leading \A (or ^ without multiline) of the whole expression:
   * no input without them at its start can match, so a search may end before it begins.
   */
  private static String anchoredPrefix(Node node) {
    if (!(node instanceof Node.Concat c) || c.parts().isEmpty()
        || !(c.parts().get(0) instanceof Node.Assertion a) || a.anchor() != Anchor.BEGIN) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < c.parts().size(); i++) {
      Node part = c.parts().get(i);
      if (part instanceof Node.Assertion more && more.anchor() == Anchor.BEGIN) continue; // \A\A is \A
      int single = part instanceof Node.Symbol s ? s.chars().singleSymbol() : -1;
      if (single < 0) break;
      out.appendCodePoint(single);
    }
    return out.toString();
  }

  /** Searches a string's code points (PCRE search semantics, §9.6.1), within this thread's budget of group 0. */
  public boolean find(String text) {
    return find(text, BUDGETS.get().of(0));
  }

  /** {@link #find(String)} within {@code shared}, one of this thread's {@link Budgets}. */
  public boolean find(String text, long[] shared) {
    if (!text.startsWith(prefix)) return false;
    boolean wasCostly = costly;
    boolean wasSuspect = suspect;
    // an expression the budget may have nothing left for is asked before the text is read (its length in chars
    // bounds its code points)
    if ((wasCostly || wasSuspect) && allowance(shared, text.length(), wasCostly, wasSuspect) <= 0) {
      cut(shared);
      return false;
    }
    int[] symbols = new int[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      symbols[n++] = c;
      i += Character.charCount(c);
    }
    long start = allowance(shared, n, wasCostly, wasSuspect);
    if (start <= 0) {
      cut(shared);
      return false;
    }
    return find(n == symbols.length ? symbols : Arrays.copyOf(symbols, n), shared, start, wasCostly);
  }

  /**
   * The budget the searches of one observation share, one per group of expressions (the indicators
   * of one source: {@link Budgets}), while it is open: {active, spent, largest own budget, spent by
   * costly expressions, largest floor, searches cut short}. Sixteen indicators crafted to defeat the
   * literal screen each spent their whole bound on one 400 KB value, 20 s for the record, and 200 of
   * them held a node to 8 records a second (hostile runs). So:
   *
   * <ul>
   *   <li>the searches of one group in one observation spend at most twice the largest of their own
   *       bounds, in the order they come;
   *   <li>past that, an expression still gets its floor ({@link #FLOOR_PER_SYMBOL}) unless its last
   *       search met its floor undecided (it is <em>suspect</em> until a search of it is decided):
   *       hostile expressions that spend the budget first cannot blind the ordinary indicators;
   *   <li>an expression whose search met its own bound, whole, is <em>costly</em> for good: its
   *       searches no longer draw on the budget, and the costly expressions of a group share one
   *       floor of the largest value (enough for short values), however many a peer sends.
   * </ul>
   *
   * So a flood of hostile expressions costs each record about one floor once all are known costly,
   * and a suspect one is tested against its whole bound the next time the budget is free; the rest
   * is counted as cut short. Expressions that keep many threads alive yet end within their own bound
   * are never costly: a flood of them spent its group's whole budget on every record (25-50 ms for a
   * record of 8 KB, a hostile run). So a group whose searches were cut short in
   * {@link #LEAN_AFTER} observations in a row is <em>lean</em>: it has no budget beyond the floors,
   * so its suspects are cut short at no cost and the others get their floor, except in one
   * observation of every {@link #RETRY_EVERY}, where its budget is whole again and suspects are
   * tested. An observation without a search cut short ends it. Its flood then costs a record a
   * fraction of a budget, and no other group anything.
   */
  private static final ThreadLocal<Budgets> BUDGETS = ThreadLocal.withInitial(Budgets::new);

  /**
   * The slot of a budget ({@link Budgets#of}) that counts the searches cut short within it, never
   * reset: a caller that reads it before and after a search knows whether that search was decided.
   */
  public static final int CUT = 5;
  /** The slot of a budget that counts the observations in a row with a search cut short ({@link #BUDGETS}). */
  private static final int STREAK = 6;
  /** The slot of a budget that holds {@link #CUT} when the observation opened it. */
  private static final int CUT_AT_OPEN = 7;
  /** Observations in a row with a search cut short after which a group is lean ({@link #BUDGETS}). */
  static final int LEAN_AFTER = 8;
  /** A lean group's budget is whole again in one observation of this many. */
  static final int RETRY_EVERY = 64;

  private static void cut(long[] shared) {
    CUT_SHORT.increment();
    shared[CUT]++;
  }

  /** This thread's budgets, one per group ({@link Budgets}). */
  public static Budgets budgets() {
    return BUDGETS.get();
  }

  /**
   * One thread's budgets for one observation's searches (or one value's, in a screen), one per group
   * of expressions. A group is the indicators of one source (0: this node's own, and an expression
   * that several sources' indicators share): a source whose expressions spend their budget on every
   * record leaves every other source's whole, so a peer's flood of costly expressions cuts short the
   * searches of that peer's indicators alone. Not thread-safe: one per thread.
   */
  public static final class Budgets {
    private boolean open;
    private final long[] local = new long[8];
    private final Map<Integer, long[]> groups = new HashMap<>();
    private final List<long[]> touched = new ArrayList<>();

    private Budgets() {}

    /** Opens the budgets for one observation; false when they are open already (an enclosing one goes on). */
    public boolean open() {
      if (open) return false;
      open = true;
      return true;
    }

    /** Closes them: every group's budget is whole again, and its streak of observations cut short counted. */
    public void close() {
      for (long[] b : touched) {
        Arrays.fill(b, 0, CUT, 0);
        b[STREAK] = b[CUT] != b[CUT_AT_OPEN] ? b[STREAK] + 1 : 0;
      }
      touched.clear();
      open = false;
    }

    /** Group {@code group}'s budget, to search with ({@link #find(String, long[])}). */
    public long[] of(int group) {
      long[] b = group == 0 ? local : groups.computeIfAbsent(group, g -> new long[8]);
      if (open && b[0] == 0) {
        b[0] = 1;
        b[CUT_AT_OPEN] = b[CUT];
        touched.add(b);
      }
      return b;
    }
  }

  /** Searches a sequence of symbols: code points, or octets 0-255 for binary values. */
  public boolean find(int[] input) {
    long[] shared = BUDGETS.get().of(0);
    boolean wasCostly = costly;
    long start = allowance(shared, input.length, wasCostly, suspect);
    if (start <= 0) {
      cut(shared);
      return false;
    }
    return find(input, shared, start, wasCostly);
  }

  /**
   * The states a search of {@code symbols} may visit: its own bound outside an observation's shared
   * budget; inside it, what the budget leaves it (see {@link #BUDGETS}), which may be nothing.
   */
  private static long allowance(long[] shared, int symbols, boolean costly, boolean suspect) {
    long own = BUDGET_BASE + BUDGET_PER_SYMBOL * symbols;
    if (shared[0] == 0) return own;
    long floor = floor(symbols);
    if (costly) {
      shared[4] = Math.max(shared[4], floor);
      return Math.min(floor, shared[4] - shared[3]);
    }
    shared[2] = Math.max(shared[2], own);
    boolean lean = shared[STREAK] >= LEAN_AFTER && shared[STREAK] % RETRY_EVERY != 0;
    long left = (lean ? 0 : 2 * shared[2]) - shared[1];
    return Math.min(own, suspect ? left : Math.max(left, floor));
  }

  private static long floor(int symbols) {
    return FLOOR_BASE + FLOOR_PER_SYMBOL * symbols;
  }

  private boolean find(int[] input, long[] shared, long start, boolean wasCostly) {
    long[] budget = {start};
    boolean found = false;
    try {
      found = search(input, budget);
      return found;
    } finally {
      long spent = start - Math.max(0, budget[0]);
      VISITED.add(spent);
      boolean active = shared[0] != 0;
      if (active) shared[wasCostly ? 3 : 1] += spent;
      boolean cut = !found && budget[0] < 0;
      if (cut) cut(shared);
      if (!wasCostly) {
        if (cut && start == BUDGET_BASE + BUDGET_PER_SYMBOL * input.length) {
          costly = true;
        } else if (active && cut != suspect) {
          suspect = cut;
        }
      }
    }
  }

  /**
   * One thread's work arrays, grown to the largest automaton it ran and kept: a search that allocated
   * four arrays of the automaton's size cost that size however short its input (a hostile run's 200
   * expressions of 40,000 states took 0.1 ms each on every ordinary domain name, 58 records a second).
   * The marks are generation stamps that go on rising from search to search, so nothing is cleared.
   */
  private static final class Scratch {
    int[] current = new int[0];
    int[] next = new int[0];
    int[] mark = new int[0];
    int[] stack = new int[0];
    int generation;

    void fit(int n) {
      if (mark.length >= n) return;
      current = new int[n];
      next = new int[n];
      mark = new int[n];
      stack = new int[n];
      generation = 0;
    }

    /** A generation no mark holds yet. */
    int nextGeneration() {
      if (generation == Integer.MAX_VALUE) {
        Arrays.fill(mark, 0);
        generation = 0;
      }
      return ++generation;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private boolean search(int[] input, long[] left) {
    int n = states.length;
    Scratch scratch = SCRATCH.get();
    scratch.fit(n);
    int[] current = scratch.current;
    int[] next = scratch.next;
    int currentSize = 0;
    int[] mark = scratch.mark; // generation stamps instead of clearing sets
    int[] stack = scratch.stack;
    int generation = scratch.nextGeneration();
    long budget = left[0];
    for (int i = 0; ; i++) {
      // unanchored search: a new thread starts at every position
      int added = addThread(current, currentSize, mark, generation, stack, 0, input, i);
      if (added < 0) return true;
      currentSize = added;
      if (i == input.length) break;
      budget -= currentSize;
      left[0] = budget;
      if (budget < 0) return false;
      int symbol = input[i];
      generation = scratch.nextGeneration();
      int nextSize = 0;
      for (int k = 0; k < currentSize; k++) {
        int pc = current[k];
        int state = states[pc];
        if (state >>> OP_SHIFT == CHAR && chars[state & OPERAND].matches(symbol)) {
          nextSize = addThread(next, nextSize, mark, generation, stack, pc + 1, input, i + 1);
          if (nextSize < 0) return true;
        }
      }
      int[] swap = current;
      current = next;
      next = swap;
      currentSize = nextSize;
    }
    return false;
  }

  /** Follows epsilon edges from pc; returns the new list size, or -1 when MATCH is reached. */
  private int addThread(
      int[] list, int size, int[] mark, int generation, int[] stack, int start, int[] input, int at) {
    int top = 0;
    stack[top++] = start;
    while (top > 0) {
      int pc = stack[--top];
      if (mark[pc] == generation) continue;
      mark[pc] = generation;
      int state = states[pc];
      switch (state >>> OP_SHIFT) {
        case MATCH -> {
          return -1;
        }
        case JUMP -> stack[top++] = state & OPERAND;
        case SPLIT -> {
          stack[top++] = state & OPERAND;
          stack[top++] = pc + 1;
        }
        case ASSERT -> {
          if (holds(ANCHORS[state & OPERAND], input, at)) stack[top++] = pc + 1;
        }
        default -> list[size++] = pc;
      }
    }
    return size;
  }

  private static boolean holds(Anchor anchor, int[] in, int at) {
    int len = in.length;
    return switch (anchor) {
      case BEGIN -> at == 0;
      case END -> at == len;
      case END_OR_FINAL_NEWLINE -> at == len || (at == len - 1 && in[at] == '\n');
      case LINE_BEGIN -> at == 0 || in[at - 1] == '\n';
      case LINE_END -> at == len || in[at] == '\n';
      case WORD_BOUNDARY -> word(in, at - 1) != word(in, at);
      case NOT_WORD_BOUNDARY -> word(in, at - 1) == word(in, at);
    };
  }

  private static boolean word(int[] in, int at) {
    return at >= 0 && at < in.length && CharClass.WORD.matches(in[at]);
  }

  /** How many searches in this process ended at their work bound, undecided (counted as no match). */
  public static long cutShort() {
    return CUT_SHORT.sum();
  }

  /** The automaton states the searches of this process visited: their work, for tests and reports. */
  public static long visited() {
    return VISITED.sum();
  }

  /** Number of states, for size limits and tests. */
  public int size() {
    return states.length;
  }

  /**
   * Emits the states, in an array grown by doubling: an expression of 40,000 states took 14 ms to build
   * in lists of boxed integers (200 of them, sent by a hostile peer, 3 s), a few hundred microseconds so.
   * The count of states it emits is {@link Regex#states}'s, which must stay in step with it.
   */
  private static final class Builder {
    int[] states = new int[16];
    int size;
    final List<CharClass> classes = new ArrayList<>();
    /** Each class's index in {@link #classes}, by identity: the copies a repetition emits are one node. */
    final Map<CharClass, Integer> classIndex = new IdentityHashMap<>();

    int add(int code, int operand) {
      if (size >= MAX_STATES) {
        throw new RegexSyntaxException("expression too large (over " + MAX_STATES + " states)");
      }
      if (size == states.length) states = Arrays.copyOf(states, Math.min(2 * size, MAX_STATES));
      states[size] = code << OP_SHIFT | operand;
      return size++;
    }

    /** Sets the operand of state {@code at}, emitted before its target was known. */
    void target(int at, int operand) {
      states[at] = states[at] & ~OPERAND | operand;
    }

    void emit(Node node) {
      if (node instanceof Node.Symbol s) {
        add(CHAR, classIndex.computeIfAbsent(s.chars(), c -> {
          classes.add(c);
          return classes.size() - 1;
        }));
      } else if (node instanceof Node.Assertion a) {
        add(ASSERT, a.anchor().ordinal());
      } else if (node instanceof Node.Concat c) {
        c.parts().forEach(this::emit);
      } else if (node instanceof Node.Alternation alt) {
        List<Integer> jumps = new ArrayList<>();
        for (int i = 0; i < alt.choices().size(); i++) {
          boolean last = i == alt.choices().size() - 1;
          int split = last ? -1 : add(SPLIT, 0);
          emit(alt.choices().get(i));
          if (!last) {
            jumps.add(add(JUMP, 0));
            target(split, size);
          }
        }
        for (int j : jumps) target(j, size);
      } else {
        Node.Repeat r = (Node.Repeat) node;
        for (int i = 0; i < r.min(); i++) emit(r.body());
        if (r.max() < 0) {
          int loop = add(SPLIT, 0);
          emit(r.body());
          add(JUMP, loop);
          target(loop, size);
        } else {
          List<Integer> splits = new ArrayList<>();
          for (int i = r.min(); i < r.max(); i++) {
            splits.add(add(SPLIT, 0));
            emit(r.body());
          }
          for (int s : splits) target(s, size);
        }
      }
    }
  }

  /**
   * The states {@link Builder} emits for {@code node} (without the final match), counted without
   * emitting them, and at most {@code cap + 1}: what holding an expression's automaton would cost.
   */
  static long states(Node node, long cap) {
    long n;
    if (node instanceof Node.Symbol || node instanceof Node.Assertion) {
      n = 1;
    } else if (node instanceof Node.Concat c) {
      n = 0;
      for (Node part : c.parts()) n = Math.min(cap + 1, n + states(part, cap));
    } else if (node instanceof Node.Alternation alt) {
      n = 2L * (alt.choices().size() - 1);
      for (Node choice : alt.choices()) n = Math.min(cap + 1, n + states(choice, cap));
    } else {
      Node.Repeat r = (Node.Repeat) node;
      long body = states(r.body(), cap);
      long copies = r.max() < 0 ? r.min() + 1 : r.max();
      long extra = r.max() < 0 ? 2 : r.max() - r.min();
      n = body > 0 && copies > (cap + 1) / body ? cap + 1 : copies * body + extra;
    }
    return Math.min(cap + 1, n);
  }
}
