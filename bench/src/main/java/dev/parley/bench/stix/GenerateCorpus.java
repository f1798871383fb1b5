package dev.parley.bench.stix;

import dev.parley.stix.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/** Writes N generated objects as JSON Lines to standard output: {@code GenerateCorpus N [SEED]}. */
public final class GenerateCorpus {
  private GenerateCorpus() {}

  public static void main(String[] args) throws IOException {
    long n = Long.parseLong(args[0]);
    Corpus corpus = new Corpus(args.length > 1 ? Long.parseLong(args[1]) : 42);
    try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
      for (long i = 0; i < n; i++) {
        out.write(Json.mapper().writeValueAsString(corpus.next()));
        out.write('\n');
      }
    }
  }
}
