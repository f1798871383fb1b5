package dev.parley.node.witness;

import dev.parley.store.StoreException;
import dev.parley.store.witness.WitnessStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the witness's check-and-persist for the requests that arrive together in one transaction
 * ({@link WitnessStore#addAll}), on {@value #WRITERS} threads: each request waits for the commit that
 * makes its verdict durable. A lone request is committed at once; under load, one disk flush serves
 * many, and one batch is judged while another commits. Two batches never judge one origin at once:
 * the store locks a batch's origins first.
 */
final class GroupCommit implements AutoCloseable {
  private static final int MAX_BATCH = 256;
  private static final int WRITERS = 2;

  private record Pending(WitnessStore.Submission submission, CompletableFuture<WitnessStore.Added> result) {}

  private final WitnessStore store;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(4096);
  private final List<Thread> writers = new ArrayList<>();

  GroupCommit(WitnessStore store) {
    this.store = store;
    for (int i = 0; i < WRITERS; i++) {
      Thread writer = new Thread(this::run, "parley-witness-commit-" + i);
      writer.setDaemon(true);
      writers.add(writer);
    }
  }

  /** Starts committing (requests that came before wait in the queue). */
  void start() {
    writers.forEach(Thread::start);
  }

  /**
   * The verdict on one request, once durable.
   *
   * @throws StoreException when the database fails, the queue is full or the commit takes over 30 s
   */
  WitnessStore.Added add(WitnessStore.Submission submission) {
    Pending p = new Pending(submission, new CompletableFuture<>());
    if (!queue.offer(p)) throw new StoreException("the witness is overloaded; try again");
    try {
      return p.result().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StoreException s ? s : new StoreException("witness commit failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException("the witness's commit took over 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      try {
        List<WitnessStore.Added> results = store.addAll(batch.stream().map(Pending::submission).toList());
        for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(results.get(i));
      } catch (RuntimeException e) {
        batch.forEach(p -> p.result().completeExceptionally(e));
      }
      batch.clear();
    }
  }

  @Override
  public void close() {
    writers.forEach(Thread::interrupt);
  }
}
