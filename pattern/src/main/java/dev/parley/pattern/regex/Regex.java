package dev.parley.pattern.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Regular expressions for MATCHES and LIKE (STIX 2.1 §9.6.1) that run in time linear in the
 * input: the PCRE subset an automaton can decide, compiled to a Thompson NFA. Thread-safe.
 */
public final class Regex {
  private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();
  private static final Map<String, Compiled> LIKE_CACHE = new ConcurrentHashMap<>();

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
      return requiredLiterals.stream().max(java.util.Comparator.comparingInt(String::length)).orElse("");
    }
  }

  /** Compiles a PCRE expression with DOTALL on and search (unanchored) semantics. */
  public static Compiled compile(String pcre) {
    Compiled cached = CACHE.get(pcre);
    if (cached != null) return cached;
    Compiled compiled = compileAfresh(pcre);
    if (CACHE.size() > 10_000) CACHE.clear(); // a bound, not an LRU: compiling again is cheap
    CACHE.put(pcre, compiled);
    return compiled;
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
    if (LIKE_CACHE.size() > 10_000) LIKE_CACHE.clear();
    Compiled compiled = compileLike(pattern);
    LIKE_CACHE.put(pattern, compiled);
    return compiled;
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
    Node node = new Node.Concat(parts);
    try {
      return new Compiled(Automaton.compile(node), null, Literals.all(node));
    } catch (RegexSyntaxException e) {
      return new Compiled(null, e.getMessage(), List.of());
    }
  }
}
