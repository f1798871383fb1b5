package dev.parley.pattern.regex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Regular expressions for MATCHES and LIKE (STIX 2.1 §9.6.1) that run in time linear in the
 * input: the PCRE subset an automaton can decide, compiled to a Thompson NFA. Thread-safe.
 */
public final class Regex {
  private static final Cache CACHE = new Cache();
  private static final Cache LIKE_CACHE = new Cache();
  /** The most expressions a cache keeps. */
  static final int CACHE_ENTRIES = 10_000;
  /**
   * The most automaton states a cache keeps, 16 MB: 10,000 expressions of up to 50,000 states each
   * would be 2 GB, and a dozen characters such as {@code (a{1000}){40}} make 40,000.
   */
  static final long CACHE_STATES = 4_000_000;

  private Regex() {}

  /**
   * The result of compiling a PCRE expression: an automaton, or an error saying why the expression
   * is not in the supported subset; {@code requiredLiterals} are strings every match contains, used
   * as prefilters.
   */
  public record Compiled(Automaton automaton, String error, List<String> requiredLiterals) {
    public Compiled {
      requiredLiterals = List.copyOf(requiredLiterals);
    }

    /** The longest literal every match contains, or "". */
    public String requiredLiteral() {
      return requiredLiterals.stream().max(Comparator.comparingInt(String::length)).orElse("");
    }
  }

  /** Compiles a PCRE expression with DOTALL on and search (unanchored) semantics. */
  public static Compiled compile(String pcre) {
    Compiled cached = CACHE.get(pcre);
    if (cached != null) return cached;
    return CACHE.put(pcre, compileAfresh(pcre));
  }

  /**
   * The compiled expressions kept, bounded by their count and by their states in all: past either
   * bound it is emptied (a bound, not an LRU: compiling again costs what the first compile did).
   */
  private static final class Cache {
    private final Map<String, Compiled> entries = new ConcurrentHashMap<>();
    private final AtomicLong states = new AtomicLong();

    Compiled get(String key) {
      return entries.get(key);
    }

    Compiled put(String key, Compiled compiled) {
      int size = compiled.automaton() == null ? 0 : compiled.automaton().size();
      if (entries.size() >= CACHE_ENTRIES || states.get() + size > CACHE_STATES) {
        entries.clear();
        states.set(0);
      }
      if (entries.putIfAbsent(key, compiled) == null) states.addAndGet(size);
      return compiled;
    }
  }

  /**
   * The automaton states a MATCHES expression takes (at most {@link Automaton#MAX_STATES} + 1), counted
   * without building it; -1 when it is outside the supported subset. What holding it would cost.
   */
  public static int states(String pcre) {
    try {
      return (int) Automaton.states(RegexParser.parse(pcre), Automaton.MAX_STATES) + 1;
    } catch (RegexSyntaxException e) {
      return -1;
    }
  }

  /** {@link #states} of a LIKE pattern. */
  public static int likeStates(String pattern) {
    return (int) Automaton.states(likeNode(pattern), Automaton.MAX_STATES) + 1;
  }

  /**
   * Why an expression is outside the supported subset, or null. Nothing is remembered: pattern
   * text checked on arrival (up to 50,000 states each) must not fill the cache that matching uses.
   */
  public static String problem(String pcre) {
    Compiled cached = CACHE.get(pcre);
    return cached != null ? cached.error() : compileAfresh(pcre).error();
  }

  private static Compiled compileAfresh(String pcre) {
    try {
      Node node = RegexParser.parse(pcre);
      return new Compiled(Automaton.compile(node), null, Literals.all(node));
    } catch (RegexSyntaxException e) {
      return new Compiled(null, e.getMessage(), List.of());
    }
  }

  /** Compiles a LIKE pattern: '%' is any run of symbols, '_' any one; anchored at both ends. */
  public static Compiled like(String pattern) {
    Compiled cached = LIKE_CACHE.get(pattern);
    if (cached != null) return cached;
    return LIKE_CACHE.put(pattern, compileLike(pattern));
  }

  /**
   * Why a LIKE pattern cannot run, or null: it is larger than an automaton may be. Nothing is
   * remembered (see {@link #problem}).
   */
  public static String likeProblem(String pattern) {
    Compiled cached = LIKE_CACHE.get(pattern);
    return cached != null ? cached.error() : compileLike(pattern).error();
  }

  private static Compiled compileLike(String pattern) {
    Node node = likeNode(pattern);
    try {
      return new Compiled(Automaton.compile(node), null, Literals.all(node));
    } catch (RegexSyntaxException e) {
      return new Compiled(null, e.getMessage(), List.of());
    }
  }

  private static Node likeNode(String pattern) {
    List<Node> parts = new ArrayList<>();
    parts.add(new Node.Assertion(Node.Anchor.BEGIN));
    int[] previous = {-1};
    pattern.codePoints().forEach(c -> {
      if (c == '%' && previous[0] == '%') return; // "%%" is "%": a run of them is one state, not one each
      previous[0] = c;
      parts.add(c == '%' ? new Node.Repeat(new Node.Symbol(CharClass.ANY), 0, -1)
          : c == '_' ? new Node.Symbol(CharClass.ANY)
          : new Node.Symbol(CharClass.literal(c, false)));
    });
    parts.add(new Node.Assertion(Node.Anchor.END));
    return new Node.Concat(parts);
  }
}
