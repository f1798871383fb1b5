package dev.parley.tlog.entry;

import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.tree.Hashes;
import java.nio.charset.StandardCharsets;

/** The salted commitment of ENTRY-FORMAT.md: SHA-256(domain prefix || salt || canonical bytes). */
public final class Commitments {
  /** Separates these hashes from every other SHA-256 use; ASCII, ends in a newline. */
  public static final String DOMAIN = "parley/tlog/commitment/v1\n";

  private static final byte[] PREFIX = DOMAIN.getBytes(StandardCharsets.US_ASCII);

  private Commitments() {}

  /** The commitment to {@code canonical} (RFC 8785 bytes of what was stored or deleted) under {@code salt}. */
  public static Hash commit(Salt salt, byte[] canonical) {
    return Hashes.sha256(PREFIX, salt.bytes(), canonical);
  }

  /** The commitment to canonical bytes given as consecutive parts, which are never concatenated. */
  public static Hash commit(Salt salt, byte[] first, byte[] second, byte[] third) {
    return Hashes.sha256(PREFIX, salt.bytes(), first, second, third);
  }
}
