package dev.parley.bench.detect;

import dev.parley.bench.pattern.IndicatorCorpus;
import dev.parley.detect.Detector;
import dev.parley.detect.Indicator;
import dev.parley.pattern.match.MatcherSnapshot;
import dev.parley.pattern.match.ValueScreen;
import dev.parley.pattern.syntax.Pattern;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The detector's screen of IPv4 addresses alone ({@link ValueScreen#mayMatchIpv4}), the question
 * every address of a log record is asked before the record is built: N indicators of the mixed set
 * compiled, then addresses drawn at random over the whole IPv4 space (about one in five falls in a
 * block of the set) asked on one thread, per CPU-second of that thread; median of the rounds. The
 * count of "may" answers is printed, so that two builds can be checked to answer alike.
 *
 * <pre>
 * java -Xms8g -Xmx8g -cp bench/target/benchmarks.jar dev.parley.bench.detect.ScreenLoad [indicators] [addresses] [rounds]
 * </pre>
 */
public final class ScreenLoad {
  private ScreenLoad() {}

  public static void main(String[] args) {
    int indicators = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int addresses = args.length > 1 ? Integer.parseInt(args[1]) : 20_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    Map<String, Pattern> patterns = IndicatorCorpus.parse(IndicatorCorpus.mixedTexts(indicators));
    List<Indicator> list = new ArrayList<>(patterns.size());
    patterns.forEach((id, p) -> list.add(new Indicator(id, p, Instant.EPOCH, null, null)));
    MatcherSnapshot matcher = Detector.compile(list);
    ValueScreen screen = matcher.screen();
    int[] drawn = new int[addresses];
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < addresses; i++) drawn[i] = r.nextInt();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] perCpu = new double[rounds];
    long may = 0;
    for (int round = 0; round < rounds; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      may = 0;
      for (int a : drawn) if (screen.mayMatchIpv4(a)) may++;
      perCpu[round] = addresses / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
      System.out.printf("round %d: %,.0f addresses per CPU-second, %,d may match%n", round + 1, perCpu[round], may);
    }
    Arrays.sort(perCpu);
    System.out.printf("indicators %,d, addresses %,d: median %,.0f addresses per CPU-second; %,d may match%n", indicators, addresses,
        perCpu[rounds / 2], may);
  }
}
