package dev.parley.bench.tlog;

import dev.parley.tlog.tiles.AppendResult;
import dev.parley.tlog.tiles.TileAppender;
import dev.parley.tlog.tiles.TileNodeReader;
import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.MerkleTree;
import dev.parley.tlog.tree.TreeSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tlog hot paths: appending leaf hashes through the tile appender (what a node does per stored
 * object), and inclusion proofs from a tile store of 1,000,000 leaves, against a naive baseline
 * that recomputes every node from all leaves.
 */
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TlogBenchmark {
  static final int LEAVES = 1_000_000;
  static final int BATCH = 1000;

  /** One million leaf hashes and the tiles of the tree they form. */
  @State(Scope.Benchmark)
  public static class Log {
    List<Hash> leaves;
    Map<TilePath.HashTile, byte[]> tiles;
    TreeSize size = TreeSize.of(LEAVES);

    @Setup(Level.Trial)
    public void build() {
      leaves = new ArrayList<>(LEAVES);
      for (int i = 0; i < LEAVES; i++) {
        leaves.add(Hashes.leaf(Integer.toString(i).getBytes()));
      }
      tiles = new HashMap<>();
      AppendResult result = TileAppender.empty().append(leaves);
      result.tiles().forEach(tile -> tiles.put(tile.path(), tile.data()));
    }
  }

  /** An appender that keeps growing across invocations. */
  @State(Scope.Thread)
  public static class Appender {
    TileAppender appender;
    int at;

    @Setup(Level.Iteration)
    public void start() {
      appender = TileAppender.empty();
      at = 0;
    }
  }

  /** A random leaf index per invocation. */
  @State(Scope.Thread)
  public static class Index {
    final SplittableRandom random = new SplittableRandom(42);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public AppendResult append(Log log, Appender state) {
    int from = state.at;
    state.at = (state.at + BATCH) % LEAVES;
    return state.appender.append(log.leaves.subList(from, from + BATCH));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public AppendResult appendOne(Log log, Appender state) {
    int from = state.at;
    state.at = (state.at + 1) % LEAVES;
    return state.appender.append(log.leaves.subList(from, from + 1));
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public InclusionProof inclusionProofFromTiles(Log log, Index index) {
    TileNodeReader reader = new TileNodeReader(log.tiles::get, log.size);
    return MerkleTree.inclusionProof(reader, index.random.nextInt(LEAVES), log.size);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public InclusionProof inclusionProofNaiveFromAllLeaves(Log log, Index index) {
    return MerkleTree.inclusionProof(
        (level, i) -> MerkleTree.rootOfLeaves(log.leaves.subList((int) (i << level), (int) ((i + 1) << level))),
        index.random.nextInt(LEAVES), log.size);
  }
}
