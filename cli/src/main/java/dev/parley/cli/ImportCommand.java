package dev.parley.cli;

import dev.parley.node.Stores;
import dev.parley.node.ingest.Admission;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
  private static final int CHUNKS_IN_FLIGHT = 16;

  private long stored;
  private long duplicates;
  private long refused;

  /**
   * Reading, validation and the database write overlap: this thread parses records into chunks,
   * every core validates chunks, and one writer thread takes the judged chunks in input order and
   * adds them in batches. At most {@link #CHUNKS_IN_FLIGHT} chunks wait, so memory stays bounded.
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
    ExecutorService writer = Executors.newSingleThreadExecutor(daemon("parley-import-write"));
    try (Stores stores = store.openWithLog(); StixReader reader = StixReader.open(in, file)) {
      Collection target = stores.collections().resolve(collection)
          .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + collection));
      List<NewObject> batch = new ArrayList<>(BATCH + CHUNK);
      Semaphore inFlight = new Semaphore(CHUNKS_IN_FLIGHT);
      CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
      List<StixRecord> chunk = new ArrayList<>(CHUNK);
      while (reader.hasNext()) {
        chunk.add(reader.next());
        if (chunk.size() == CHUNK || !reader.hasNext()) {
          List<StixRecord> records = chunk;
          chunk = new ArrayList<>(CHUNK);
          if (written.isCompletedExceptionally()) written.join(); // the writer failed: stop reading
          acquire(inFlight, written);
          CompletableFuture<Judged> judged = CompletableFuture.supplyAsync(() -> judge(admission, records), judges);
          written = written.thenCombineAsync(judged, (ignored, j) -> {
            for (String reason : j.refusals()) refuse(err, progress, reason);
            batch.addAll(j.admitted());
            if (batch.size() >= BATCH) flush(stores, target, batch, err, progress, in);
            return (Void) null;
          }, writer).whenComplete((ignored, e) -> inFlight.release());
        }
      }
      written.thenRunAsync(() -> flush(stores, target, batch, err, progress, in), writer).join();
    } catch (IOException | UncheckedIOException e) {
      progress.clear();
      throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage() + summary());
    } catch (CompletionException e) {
      progress.clear();
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    } finally {
      judges.shutdownNow();
      writer.shutdownNow();
    }
    progress.clear();
    spec.commandLine().getOut().println(summary().trim());
    if (refused > 0) throw new CommandFailure(ExitCodes.INVALID, refused + " objects refused");
  }

  /** A chunk after validation: the objects to store and the refusals, each in input order. */
  private record Judged(List<NewObject> admitted, List<String> refusals) {}

  private static Judged judge(Admission admission, List<StixRecord> records) {
    List<NewObject> admitted = new ArrayList<>(records.size());
    List<String> refusals = new ArrayList<>();
    for (StixRecord record : records) {
      if (record instanceof StixRecord.Malformed m) {
        refusals.add(m.finding().toString());
      } else if (record instanceof StixRecord.ObjectRecord o) {
        Admission.Verdict v = admission.judge(o.object());
        if (v instanceof Admission.Admitted a) {
          admitted.add(a.object());
        } else if (v instanceof Admission.Refused r) {
          refusals.add(o.source() + ":" + o.line() + ": " + (r.stixId().isEmpty() ? "-" : r.stixId()) + ": " + r.message());
        }
      }
    }
    return new Judged(admitted, refusals);
  }

  /** Waits for room in the pipeline; gives up when the writer has failed. */
  private static void acquire(Semaphore inFlight, CompletableFuture<Void> written) {
    try {
      while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (written.isCompletedExceptionally()) written.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(ExitCodes.INVALID, "interrupted");
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private String summary() {
    return String.format(" stored %d, duplicate %d, refused %d", stored, duplicates, refused);
  }

  private void refuse(PrintWriter err, Progress progress, String reason) {
    refused++;
    progress.clear();
    err.println("refused: " + reason);
  }

  private void flush(Stores stores, Collection target, List<NewObject> batch, PrintWriter err, Progress progress, Counting in) {
    if (batch.isEmpty()) return;
    for (AddOutcome o : stores.objects().add(target.id(), batch)) {
      switch (o.kind()) {
        case STORED -> stored++;
        case DUPLICATE -> duplicates++;
        case CONFLICT -> refuse(err, progress, o.stixId() + ": " + o.message());
      }
    }
    batch.clear();
    progress.show(stored + duplicates + refused, in.count);
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
