package dev.parley.cli;

import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.ObjectQuery;
import dev.parley.store.objects.ObjectRow;
import dev.parley.store.objects.Page;
import dev.parley.stix.Timestamps;
import dev.parley.store.objects.VersionFilter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley export}: writes a collection's objects to standard output. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Writes every object version of a collection, in the order added, as a STIX bundle or JSON Lines.",
    footer = {"", "Example:", "  parley export --collection shared --added-after 2025-01-01T00:00:00Z \\",
        "      --format jsonl > shared.jsonl"})
final class ExportCommand implements Runnable {
  enum Format { bundle, jsonl }

  @Mixin StoreOptions store;

  @Option(names = "--collection", required = true, paramLabel = "C", description = "The collection, by id or alias.")
  String collection;

  @Option(names = "--added-after", paramLabel = "T", description = "Only objects added after this RFC 3339 UTC time.")
  String addedAfter;

  @Option(names = "--format", defaultValue = "bundle", paramLabel = "F", description = "bundle or jsonl (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public void run() {
    Instant after;
    try {
      after = addedAfter == null ? null : Timestamps.parse(addedAfter);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.USAGE, "--added-after: " + e.getMessage());
    }
    try (Stores stores = store.open()) {
      Collection c = stores.collections().resolve(collection)
          .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + collection));
      Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
      if (format == Format.bundle) out.write("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
      long seq = 0;
      boolean first = true;
      while (true) {
        Page page = stores.objects().page(new ObjectQuery(c.id(), seq, after, 1000, List.of(), List.of(), VersionFilter.ALL, ObjectQuery.ANY_SPEC_VERSION, true));
        for (ObjectRow row : page.rows()) {
          if (format == Format.bundle) {
            if (!first) out.write(',');
            out.write('\n');
          }
          out.write(new String(row.body(), StandardCharsets.UTF_8));
          if (format == Format.jsonl) out.write('\n');
          first = false;
        }
        seq = page.lastSeq(seq);
        if (!page.more()) break;
      }
      if (format == Format.bundle) out.write("\n]}\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
