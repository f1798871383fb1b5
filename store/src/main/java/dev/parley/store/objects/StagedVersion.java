package dev.parley.store.objects;

import java.time.Instant;

/** One object version of a staged batch: its stored key, hash and version, and whether the collection holds it. */
final class StagedVersion {
  final NewObject first;
  long pk;
  byte[] sha256;
  Instant version;
  boolean member;

  StagedVersion(NewObject first, Instant version) {
    this.first = first;
    this.sha256 = first.sha256();
    this.version = version;
  }

  /**
   * What identifies a stored version: its object's id and its version key in microseconds, or
   * {@link #NO_VERSION} for an object without {@code modified} and {@code created} (one version).
   */
  record Key(String stixId, long micros) {}

  static final long NO_VERSION = Long.MIN_VALUE;

  /** The key of an incoming object's version. */
  static Key key(NewObject o) {
    return new Key(o.stixId(), o.versionKey() == null ? NO_VERSION : micros(o.versionKey()));
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
