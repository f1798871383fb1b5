package dev.parley.store.objects;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * What one writer added to one collection lately, so that the next batch it adds need not read
 * those rows back: a batch must see every member added since it was staged, and in a bulk load
 * those are the writer's own previous batches. Only committed batches count ({@link #committed}),
 * and only an unbroken run of sequence numbers with no delete in the collection since: a member
 * another writer added in between, or a delete, makes the batch read the rows from the database as
 * usual. Not thread-safe; one per writer.
 */
final class RecentMembers {
  private static final int KEPT = 4;

  private record Written(long afterSeq, String[] stixIds, long[] micros, Instant[] versions, long[] pks) {
    long lastSeq() {
      return afterSeq + stixIds.length;
    }
  }

  private final UUID collection;
  private final Deque<Written> batches = new ArrayDeque<>();
  private Written pending;
  private long pendingDeletes;
  private long deletes = -1;

  public RecentMembers(UUID collection) {
    this.collection = collection;
  }

  /** Called once the transaction that wrote the last batch has committed. */
  public void committed() {
    if (pending == null) return;
    if (!batches.isEmpty() && (batches.peekLast().lastSeq() != pending.afterSeq || deletes != pendingDeletes)) batches.clear();
    deletes = pendingDeletes;
    batches.addLast(pending);
    while (batches.size() > KEPT) batches.removeFirst();
    pending = null;
  }

  /** Called by the writer inside the transaction: the members it is adding, from {@code afterSeq + 1} on. */
  void writing(UUID collection, long afterSeq, String[] stixIds, long[] micros, Instant[] versions, long[] pks, long deletes) {
    pending = collection.equals(this.collection) ? new Written(afterSeq, stixIds, micros, versions, pks) : null;
    pendingDeletes = deletes;
  }

  /** Called by the writer inside the transaction when the batch it writes deleted members: it is not remembered. */
  void forget() {
    pending = null;
  }

  /**
   * Whether the members with sequence numbers in ({@code from}, {@code to}] are all known here, for
   * a collection that has seen {@code deletes} deletes.
   */
  boolean covers(UUID collection, long from, long to, long deletes) {
    if (!collection.equals(this.collection) || batches.isEmpty() || deletes != this.deletes) return false;
    long start = -1;
    long end = -1;
    for (Written w : batches) {
      if (start < 0) start = w.afterSeq();
      else if (w.afterSeq() != end) return false;
      end = w.lastSeq();
    }
    return start <= from && to == end;
  }

  /** Each member with a sequence number above {@code from}, as (id, version key in microseconds, version, key). */
  void forEachAfter(long from, MemberVisitor visitor) {
    for (Written w : batches) {
      for (int i = 0; i < w.stixIds().length; i++) {
        if (w.afterSeq() + i + 1 > from) visitor.visit(w.stixIds()[i], w.micros()[i], w.versions()[i], w.pks()[i]);
      }
    }
  }

  @FunctionalInterface
  interface MemberVisitor {
    void visit(String stixId, long micros, Instant version, long pk);
  }
}
