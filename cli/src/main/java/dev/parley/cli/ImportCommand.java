package dev.parley.cli;

import dev.parley.ingest.CountingInputStream;
import dev.parley.ingest.Incoming;
import dev.parley.ingest.Ingest;
import dev.parley.ingest.IngestListener;
import dev.parley.ingest.Load;
import dev.parley.ingest.LoadOptions;
import dev.parley.ingest.Refusal;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.ConflictPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley import}: bulk-loads STIX into a collection. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {"Loads STIX objects (a bundle, an object, a JSON array or JSON Lines) into a collection, validating each.",
        "Reports how many were stored, were already there, or were refused (with the reasons). Safe while the node serves.",
        "Each batch is committed before it is counted as stored."},
    footer = {"", "Examples:", "  parley import indicators.json --collection shared --data ./parley-data",
        "  parley import attack-17.1.json --collection attack --on-conflict replace",
        "", "Exit codes: 0 all objects stored or already there, 1 some refused or the input is unreadable, 2 usage error."})
final class ImportCommand implements Runnable {
  private static final int BATCH = 5000;

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Parameters(paramLabel = "FILE", description = "The STIX file, or - for standard input.")
  String file;

  @Option(names = "--collection", required = true, paramLabel = "C", description = "The collection, by id or alias.")
  String collection;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Option(names = "--on-conflict", paramLabel = "keep|replace", defaultValue = "keep",
      description = {"When the collection holds an object with the same id and version (modified) but another body:",
          "keep (the default) refuses the incoming one; replace puts it in place of the one held (both stay in the log)."})
  OnConflict onConflict;

  /** The values of --on-conflict. */
  enum OnConflict {
    keep(ConflictPolicy.KEEP), replace(ConflictPolicy.REPLACE);

    final ConflictPolicy policy;

    OnConflict(ConflictPolicy policy) {
      this.policy = policy;
    }
  }

  private static final int CHUNK = 1000;

  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong replaced = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /**
   * Reading, validation and the database writes overlap ({@link Load}): this thread parses
   * records into chunks, every core validates chunks, and two database connections store batches,
   * in input order.
   */
  @Override
  public void run() {
    PrintWriter err = spec.commandLine().getErr();
    long size = -1;
    InputStream raw;
    InputFiles.requireReadable(file);
    try {
      if (file.equals("-")) {
        raw = System.in;
      } else {
        size = Files.size(Path.of(file));
        raw = Files.newInputStream(Path.of(file));
      }
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage());
    }
    InputFiles.Blank blank = new InputFiles.Blank(raw);
    CountingInputStream in = new CountingInputStream(blank);
    Progress progress = new Progress(err, size, !quiet && System.console() != null);
    try (Stores stores = store.openWithLog(); Ingest ingest = new Ingest(stores); StixReader reader = StixReader.open(in, file)) {
      Collection target = stores.collections().resolve(collection)
          .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + collection));
      IngestListener listener = new IngestListener() {
        @Override
        public void refused(Refusal r) {
          refuse(err, progress, r.malformed() ? r.message()
              : file + ":" + r.tag() + ": " + (r.stixId().isEmpty() ? "-" : r.stixId()) + ": " + r.message());
        }

        @Override
        public void committed(long[] tags, List<AddOutcome> outcomes) {
          for (int i = 0; i < outcomes.size(); i++) {
            AddOutcome o = outcomes.get(i);
            switch (o.kind()) {
              case STORED -> stored.incrementAndGet();
              case REPLACED -> replaced.incrementAndGet();
              case DUPLICATE -> duplicates.incrementAndGet();
              case CONFLICT -> refuse(err, progress, file + ":" + tags[i] + ": " + o.stixId() + ": " + o.message());
            }
          }
          progress.show(stored.get() + replaced.get() + duplicates.get() + refused.get(), in.count());
        }
      };
      try (Load load = ingest.begin(target.id(), LoadOptions.batches(BATCH, onConflict.policy), listener)) {
        List<Incoming> chunk = new ArrayList<>(CHUNK);
        while (reader.hasNext()) {
          Incoming item = incoming(reader.next());
          if (item != null) chunk.add(item);
          if (chunk.size() == CHUNK || (!reader.hasNext() && !chunk.isEmpty())) {
            load.submit(chunk);
            chunk = new ArrayList<>(CHUNK);
          }
        }
        load.finish();
      }
    } catch (IOException | UncheckedIOException e) {
      progress.clear();
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage() + summary());
    } catch (RuntimeException e) {
      progress.clear();
      throw e;
    }
    progress.clear();
    if (blank.blank()) throw new CommandFailure(ExitCodes.INVALID, "cannot import " + file + ": empty input, no STIX in it");
    spec.commandLine().getOut().println(summary().trim());
    if (refused.get() > 0) throw new CommandFailure(ExitCodes.INVALID, refused.get() + " objects refused");
  }

  /** A record of the reader as an item to ingest, tagged with its line; null for a bundle's own properties. */
  private static Incoming incoming(StixRecord record) {
    if (record instanceof StixRecord.ObjectRecord o) return new Incoming.Parsed(o.line(), o.object(), o.text());
    if (record instanceof StixRecord.Malformed m) return new Incoming.Malformed(m.line(), m.finding().toString());
    return null;
  }

  private String summary() {
    return String.format(" stored %d, duplicate %d, refused %d", stored.get(), duplicates.get(), refused.get())
        + (replaced.get() > 0 ? String.format(", replaced %d", replaced.get()) : "");
  }

  private synchronized void refuse(PrintWriter err, Progress progress, String reason) {
    refused.incrementAndGet();
    progress.clear();
    err.println("refused: " + reason);
  }
}
