package dev.parley.store.objects;

import java.time.Instant;
import java.util.Arrays;

/** One body of an object version in a staged batch: its stored key and version, and the first object of the batch that has it. */
final class StagedVersion {
  final NewObject first;
  long pk;
  Instant version;
  /** Whether the store held this body before the batch (found by the look-up, not written by it). */
  boolean heldBefore;

  StagedVersion(NewObject first, Instant version) {
    this.first = first;
    this.version = version;
  }

  /**
   * The slot of a version in a collection: its object's id and its version key in microseconds, or
   * {@link #NO_VERSION} for an object without {@code modified} and {@code created} (one version). A
   * collection holds at most one member per slot.
   */
  record Key(String stixId, long micros) {}

  /** One body in a slot: what identifies a row of object_version. */
  record Body(Key key, Digest sha256) {}

  /** A SHA-256 as a map key. */
  static final class Digest {
    private final byte[] bytes;
    private final int hash;

    Digest(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && d.hash == hash && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  static final long NO_VERSION = Long.MIN_VALUE;

  /** The slot of an incoming object's version. */
  static Key key(NewObject o) {
    return new Key(o.stixId(), o.versionKey() == null ? NO_VERSION : micros(o.versionKey()));
  }

  /** The body of an incoming object's version. */
  static Body body(NewObject o) {
    return new Body(key(o), new Digest(o.sha256()));
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
