package dev.parley.bench.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.ingest.StixPatterns;
import dev.parley.stix.Json;
import dev.parley.stix.validate.StixValidator;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Validation throughput on the generated corpus, in objects per second on one thread. The
 * baseline is parsing the same objects' JSON text alone: validation should cost less than reading.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ValidateBenchmark {
  static final int N = 10_000;

  List<ObjectNode> objects;
  String[] texts;
  StixValidator validator;
  StixValidator withPatterns;

  @Setup
  public void setup() throws IOException {
    objects = new Corpus(42).take(N);
    texts = new String[N];
    for (int i = 0; i < N; i++) texts[i] = Json.mapper().writeValueAsString(objects.get(i));
    validator = StixValidator.standard();
    withPatterns = validator.withPatterns(StixPatterns.checker());
    long errors = objects.stream().filter(o -> validator.validate(o).stream().anyMatch(f -> f.isError())).count();
    if (errors > 0) throw new IllegalStateException(errors + " generated objects are invalid");
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void validate(Blackhole bh) {
    for (ObjectNode o : objects) bh.consume(validator.validate(o));
  }

  /** As {@link #validate}, also parsing every indicator's STIX pattern (what import and TAXII POST do). */
  @Benchmark
  @OperationsPerInvocation(N)
  public void validateWithPatterns(Blackhole bh) {
    for (ObjectNode o : objects) bh.consume(withPatterns.validate(o));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void parseOnlyBaseline(Blackhole bh) throws IOException {
    for (String t : texts) bh.consume(Json.mapper().readTree(t));
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void parseAndValidate(Blackhole bh) throws IOException {
    for (String t : texts) {
      JsonNode node = Json.mapper().readTree(t);
      bh.consume(validator.validate(node));
    }
  }
}
