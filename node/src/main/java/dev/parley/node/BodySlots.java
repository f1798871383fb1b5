package dev.parley.node;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests whose bodies the node reads at once ({@code POST}s): {@link #PER_ADDRESS} from
 * one remote address, {@link #ALL} in all, so that requests reading slow bodies, each on a server
 * thread until its body ends, never hold every thread: the node's pages, its log and its health go
 * on answering (hostile run 12p: 300 connections trickling bodies to the witness, which anyone may
 * post to, left the node answering no one). A request past a bound is answered 503 at once, its body
 * unread. Thread-safe.
 */
final class BodySlots {
  /** Bodies read at once from one address. */
  static final int PER_ADDRESS = 32;
  /** Bodies read at once in all; the server's threads are 250 at most. */
  static final int ALL = 128;

  private final Semaphore all = new Semaphore(ALL);
  private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

  /** A slot for one body from {@code address}, to close when the request ends; null when a bound is met. */
  AutoCloseable take(String address) {
    AtomicInteger mine = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (mine.incrementAndGet() > PER_ADDRESS) {
      release(address, mine);
      return null;
    }
    if (!all.tryAcquire()) {
      release(address, mine);
      return null;
    }
    return new AutoCloseable() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (closed) return;
        closed = true;
        all.release();
        release(address, mine);
      }
    };
  }

  private void release(String address, AtomicInteger mine) {
    if (mine.decrementAndGet() <= 0) byAddress.remove(address, mine);
  }
}
