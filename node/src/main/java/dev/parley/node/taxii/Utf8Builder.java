package dev.parley.node.taxii;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a response body as UTF-8 bytes: the stored objects are copied in as the database sent
 * them, without decoding them to strings and encoding them again. Not thread-safe.
 */
final class Utf8Builder {
  private byte[] buf;
  private int len;

  Utf8Builder(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
  }

  /** Appends text; ASCII is copied directly, anything else is encoded. */
  Utf8Builder append(String s) {
    int n = s.length();
    room(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) return appendEncoded(s.substring(i));
      buf[len++] = (byte) c;
    }
    return this;
  }

  private Utf8Builder appendEncoded(String rest) {
    return append(rest.getBytes(StandardCharsets.UTF_8));
  }

  Utf8Builder append(char ascii) {
    room(1);
    buf[len++] = (byte) ascii;
    return this;
  }

  Utf8Builder append(boolean b) {
    return append(b ? "true" : "false");
  }

  /** Appends bytes that are UTF-8 already. */
  Utf8Builder append(byte[] utf8) {
    room(utf8.length);
    System.arraycopy(utf8, 0, buf, len, utf8.length);
    len += utf8.length;
    return this;
  }

  /** The bytes appended: the buffer itself when they fill it, else a copy of them. */
  byte[] toBytes() {
    return len == buf.length ? buf : Arrays.copyOf(buf, len);
  }

  private void room(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }
}
