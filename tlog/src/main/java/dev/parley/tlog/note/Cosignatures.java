package dev.parley.tlog.note;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Timestamped Ed25519 cosignatures v1 of c2sp.org/tlog-cosignature: the signature is {@code u64
 * timestamp || Ed25519 signature} over {@code "cosignature/v1\ntime <t>\n" || checkpoint text}.
 */
public final class Cosignatures {
  private static final int SIZE = 8 + Ed25519.SIGNATURE_SIZE;

  private Cosignatures() {}

  /** The signed message for a checkpoint text (with its final newline) and a POSIX timestamp. */
  static byte[] message(String text, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must be 0 to 2^63-1: " + timestamp);
    }
    return ("cosignature/v1\ntime " + timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] timestampBytes(long timestamp) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (timestamp >>> (56 - 8 * i));
    }
    return out;
  }

  /** The timestamp of a cosignature (without key ID), if it has the v1 shape and a timestamp ≤ 2^63-1. */
  public static OptionalLong timestamp(NoteSignature signature) {
    return timestamp(signature.signature());
  }

  static OptionalLong timestamp(byte[] signature) {
    if (signature.length != SIZE) {
      return OptionalLong.empty();
    }
    long timestamp = 0;
    for (int i = 0; i < 8; i++) {
      timestamp = timestamp << 8 | signature[i] & 0xFF;
    }
    return timestamp < 0 ? OptionalLong.empty() : OptionalLong.of(timestamp);
  }

  static boolean verify(byte[] publicKey, String text, byte[] signature) {
    OptionalLong timestamp = timestamp(signature);
    if (timestamp.isEmpty()) {
      return false;
    }
    byte[] ed25519 = Arrays.copyOfRange(signature, 8, SIZE);
    return Ed25519.verify(publicKey, message(text, timestamp.getAsLong()), ed25519);
  }
}
