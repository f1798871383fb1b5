package dev.parley.tlog.entry;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One leaf of Parley's log, as specified in tlog/ENTRY-FORMAT.md: version, kind, timestamp in
 * milliseconds and a 32-byte commitment. It reveals no id, collection or content.
 */
public record LogEntry(EntryKind kind, Instant time, Hash commitment) {
  /** The format version written in the first byte. */
  public static final byte VERSION = 0x01;

  /** The encoded size in bytes. */
  public static final int SIZE = 1 + 1 + 8 + Hash.SIZE;

  public LogEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(commitment, "commitment");
    if (time.toEpochMilli() < 0) {
      throw new IllegalArgumentException("entry time must not be before 1970: " + time);
    }
    time = Instant.ofEpochMilli(time.toEpochMilli());
  }

  /** An entry committing to {@code canonical} under {@code salt}. */
  public static LogEntry of(EntryKind kind, Instant time, Salt salt, byte[] canonical) {
    return new LogEntry(kind, time, Commitments.commit(salt, canonical));
  }

  /** The entry bytes that are hashed into the tree and served in entry bundles. */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(SIZE);
    out.put(VERSION).put(kind.code()).putLong(time.toEpochMilli());
    byte[] bytes = out.array();
    commitment.copyTo(bytes, 10);
    return bytes;
  }

  /** The RFC 9162 leaf hash of this entry. */
  public Hash leafHash() {
    return Hashes.leaf(encode());
  }

  /** Whether this entry commits to {@code canonical} under {@code salt}. */
  public boolean commitsTo(Salt salt, byte[] canonical) {
    return commitment.equals(Commitments.commit(salt, canonical));
  }

  /**
   * Decodes entry bytes.
   *
   * @throws MalformedInputException for a wrong length, version, kind or timestamp
   */
  public static LogEntry parse(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new MalformedInputException("log entry", "expected " + SIZE + " bytes, got " + bytes.length);
    }
    if (bytes[0] != VERSION) {
      throw new MalformedInputException("log entry", "unknown version " + (bytes[0] & 0xFF));
    }
    EntryKind kind = EntryKind.of(bytes[1]);
    if (kind == null) {
      throw new MalformedInputException("log entry", "unknown kind " + (bytes[1] & 0xFF));
    }
    long millis = ByteBuffer.wrap(bytes, 2, 8).getLong();
    if (millis < 0) {
      throw new MalformedInputException("log entry", "timestamp above 2^63-1");
    }
    return new LogEntry(kind, Instant.ofEpochMilli(millis), Hash.of(bytes, 10));
  }
}
