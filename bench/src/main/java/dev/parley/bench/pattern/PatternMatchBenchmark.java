package dev.parley.bench.pattern;

import dev.parley.pattern.eval.Evaluator;
import dev.parley.pattern.match.BulkMatcher;
import dev.parley.pattern.match.Match;
import dev.parley.pattern.match.MatchState;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.observe.Observation;
import dev.parley.pattern.syntax.Pattern;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the compiled bulk matcher on pre-parsed observations (one observation = one op),
 * for equality/IN indicator sets of two sizes and a mixed set, against the naive baseline that
 * runs the exact evaluator for every pattern on every observation (the reference matcher's way).
 */
@Fork(value = 1, jvmArgs = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"}) // a sized, pre-touched heap: measure matching, not first page faults
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PatternMatchBenchmark {
  static final int BATCH = 4096;

  /** Equality/IN indicators over IPv4, IPv6, domains, URLs and file hashes; 10% of observations hit. */
  @State(Scope.Benchmark)
  public static class Equality {
    @Param({"1000", "1000000"})
    int indicators;

    MatcherSnapshot matcher;
    List<Observation> observations;

    @Setup(Level.Trial)
    public void setUp() {
      matcher = BulkMatcher.compile(IndicatorCorpus.parse(IndicatorCorpus.equalityTexts(indicators)));
      observations = IndicatorCorpus.observations(BATCH, indicators, 10);
    }
  }

  /** 100,000 indicators: 80% equality, 10% CIDR, 5% LIKE, 5% MATCHES, 2% compound. */
  @State(Scope.Benchmark)
  public static class Mixed {
    MatcherSnapshot matcher;
    List<Observation> observations;

    @Setup(Level.Trial)
    public void setUp() {
      matcher = BulkMatcher.compile(IndicatorCorpus.parse(IndicatorCorpus.mixedTexts(100_000)));
      observations = IndicatorCorpus.observations(BATCH, 100_000, 10);
    }
  }

  /** 10,000 equality indicators for the naive baseline and the compiled matcher side by side. */
  @State(Scope.Benchmark)
  public static class Naive {
    Pattern[] patterns;
    MatcherSnapshot matcher;
    List<Observation> observations;

    @Setup(Level.Trial)
    public void setUp() {
      Map<String, Pattern> parsed = IndicatorCorpus.parse(IndicatorCorpus.equalityTexts(10_000));
      patterns = parsed.values().toArray(Pattern[]::new);
      matcher = BulkMatcher.compile(parsed);
      observations = IndicatorCorpus.observations(BATCH, 10_000, 10);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int compiledEquality(Equality s) {
    return run(s.matcher, s.observations);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int compiledMixed(Mixed s) {
    return run(s.matcher, s.observations);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int compiledAt10k(Naive s) {
    return run(s.matcher, s.observations);
  }

  /** Every pattern on every observation; 64 observations per invocation keep an iteration short. */
  @Benchmark
  @OperationsPerInvocation(64)
  public int naiveAt10k(Naive s) {
    int hits = 0;
    for (int k = 0; k < 64; k++) {
      List<Observation> one = List.of(s.observations.get(k));
      for (Pattern p : s.patterns) if (Evaluator.matches(p, one)) hits++;
    }
    return hits;
  }

  private static int run(MatcherSnapshot matcher, List<Observation> observations) {
    MatchState state = new MatchState();
    int hits = 0;
    for (Observation o : observations) {
      List<Match> matches = matcher.match(o, state);
      hits += matches.size();
    }
    return hits;
  }
}
