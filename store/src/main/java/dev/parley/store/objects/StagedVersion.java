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

  /** The key of an incoming object's version: its id, and its version key when it has one. */
  static String key(NewObject o) {
    return o.versionKey() == null ? o.stixId() : key(o.stixId(), micros(o.versionKey()));
  }

  static String key(String stixId, long versionMicros) {
    return stixId + '|' + versionMicros;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
