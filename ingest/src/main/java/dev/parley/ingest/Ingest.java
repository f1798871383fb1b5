package dev.parley.ingest;

import dev.parley.store.Stores;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one way objects enter a collection, whoever sends them ({@code parley import}, a TAXII POST,
 * a peer's objects pulled by sync): each is judged ({@link Admission}: the validator, patterns
 * included), then stored, logged and, for an add request, settled in its status, batch by batch,
 * each batch in one transaction that the store owns. Thread-safe; holds a pool of judging threads,
 * one per core, shared by its loads until {@link #close}.
 */
public final class Ingest implements AutoCloseable {
  private final Stores stores;
  private final Admission admission = new Admission();
  private final ExecutorService judges;

  public Ingest(Stores stores) {
    this.stores = stores;
    this.judges = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, "parley-ingest-validate");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts a load into {@code collection}; feed it with {@link Load#submit} and end it with {@link Load#finish}. */
  public Load begin(UUID collection, LoadOptions options, IngestListener listener) {
    return new Load(stores, admission, judges, collection, options, listener);
  }

  @Override
  public void close() {
    judges.shutdownNow();
  }
}
