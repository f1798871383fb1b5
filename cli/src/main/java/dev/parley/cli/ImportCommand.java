package dev.parley.cli;

import dev.parley.node.Stores;
import dev.parley.node.ingest.Admission;
import dev.parley.node.ingest.Ingestion;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import dev.parley.store.collections.Collection;
import dev.parley.store.objects.AddOutcome;
import dev.parley.store.objects.NewObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley import}: bulk-loads STIX into a collection. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {"Loads STIX objects (a bundle, an object, a JSON array or JSON Lines) into a collection, validating each.",
        "Reports how many were stored, were already there, or were refused (with the reasons). Safe while the node serves.",
        "Each batch is committed before it is counted as stored."},
    footer = {"", "Example:", "  parley import indicators.json --collection shared --data ./parley-data",
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

  private static final int CHUNK = 1000;

  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /**
   * Reading, validation and the database writes overlap ({@link Ingestion}): this thread parses
   * records into chunks, every core validates chunks, and two database connections store batches,
   * in input order.
   */
  @Override
  public void run() {
    PrintWriter err = spec.commandLine().getErr();
    long size = -1;
    InputStream raw;
    try {
      if (file.equals("-")) {
        raw = System.in;
      } else {
        size = Files.size(Path.of(file));
        raw = Files.newInputStream(Path.of(file));
      }
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCodes.INVALID, "no such file: " + file);
    } catch (IOException e) {
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage());
    }
    Counting in = new Counting(raw);
    Progress progress = new Progress(err, size, !quiet && System.console() != null);
    Admission admission = new Admission();
    ExecutorService judges = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), daemon("parley-import-validate"));
    try (Stores stores = store.openWithLog(); StixReader reader = StixReader.open(in, file)) {
      Collection target = stores.collections().resolve(collection)
          .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + collection));
      Ingestion.Listener<String> listener = new Ingestion.Listener<>() {
        @Override
        public void refused(String reason) {
          refuse(err, progress, reason);
        }

        @Override
        public void committed(long[] tags, List<AddOutcome> outcomes) {
          for (AddOutcome o : outcomes) {
            switch (o.kind()) {
              case STORED -> stored.incrementAndGet();
              case DUPLICATE -> duplicates.incrementAndGet();
              case CONFLICT -> refuse(err, progress, o.stixId() + ": " + o.message());
            }
          }
          progress.show(stored.get() + duplicates.get() + refused.get(), in.count);
        }
      };
      try (Ingestion<String> ingestion = new Ingestion<>(stores.db(), stores.objects(), target.id(), BATCH, judges, listener)) {
        List<StixRecord> chunk = new ArrayList<>(CHUNK);
        while (reader.hasNext()) {
          chunk.add(reader.next());
          if (chunk.size() == CHUNK || !reader.hasNext()) {
            List<StixRecord> records = chunk;
            chunk = new ArrayList<>(CHUNK);
            ingestion.submit(() -> judge(admission, records));
          }
        }
        ingestion.finish();
      }
    } catch (IOException | UncheckedIOException e) {
      progress.clear();
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage() + summary());
    } catch (RuntimeException e) {
      progress.clear();
      throw e;
    } finally {
      judges.shutdownNow();
    }
    progress.clear();
    spec.commandLine().getOut().println(summary().trim());
    if (refused.get() > 0) throw new CommandFailure(ExitCodes.INVALID, refused.get() + " objects refused");
  }

  private static Ingestion.Judged<String> judge(Admission admission, List<StixRecord> records) {
    List<NewObject> admitted = new ArrayList<>(records.size());
    long[] lines = new long[records.size()];
    List<String> refusals = new ArrayList<>();
    for (StixRecord record : records) {
      if (record instanceof StixRecord.Malformed m) {
        refusals.add(m.finding().toString());
      } else if (record instanceof StixRecord.ObjectRecord o) {
        Admission.Verdict v = admission.judge(o.object(), o.text());
        if (v instanceof Admission.Admitted a) {
          lines[admitted.size()] = o.line();
          admitted.add(a.object());
        } else if (v instanceof Admission.Refused r) {
          refusals.add(o.source() + ":" + o.line() + ": " + (r.stixId().isEmpty() ? "-" : r.stixId()) + ": " + r.message());
        }
      }
    }
    return new Ingestion.Judged<>(admitted, java.util.Arrays.copyOf(lines, admitted.size()), refusals);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private String summary() {
    return String.format(" stored %d, duplicate %d, refused %d", stored.get(), duplicates.get(), refused.get());
  }

  private synchronized void refuse(PrintWriter err, Progress progress, String reason) {
    refused.incrementAndGet();
    progress.clear();
    err.println("refused: " + reason);
  }

  /** Counts the bytes read, for the progress bar. */
  private static final class Counting extends FilterInputStream {
    volatile long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count += n;
      return n;
    }
  }
}
