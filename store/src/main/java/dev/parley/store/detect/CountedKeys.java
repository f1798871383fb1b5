package dev.parley.store.detect;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The keys of one run, packed into one value ({@code detect_counted_run.packed}, V73). A key is a
 * prefix and, after its first space, a suffix: a record's digest (32 lower-case hexadecimal digits)
 * and an indicator's id or a group ({@code g7}); or a record's digest alone. The distinct suffixes
 * are written once, and each key as a reference to its suffix and its prefix: 16 bytes for a digest,
 * else its text. Layout, every count and length an unsigned LEB128 varint:
 *
 * <pre>
 * 1                                   format version
 * nSuffixes, (length, UTF-8 bytes)*   the distinct suffixes
 * nKeys, (ref, prefix)*               ref = (suffix index + 1, 0 for none) * 2 + (1 if the prefix is text)
 *                                     prefix = 16 bytes, or (length, UTF-8 bytes) when text
 * </pre>
 */
final class CountedKeys {
  private static final int VERSION = 1;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CountedKeys() {}

  static byte[] pack(Collection<String> keys) {
    Map<String, Integer> suffixes = new HashMap<>();
    List<String> order = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream(keys.size() * 18 + 16);
    varint(body, keys.size());
    for (String key : keys) {
      int space = key.indexOf(' ');
      String prefix = space < 0 ? key : key.substring(0, space);
      int ref = 0;
      if (space >= 0) {
        String suffix = key.substring(space + 1);
        Integer i = suffixes.get(suffix);
        if (i == null) {
          i = order.size();
          suffixes.put(suffix, i);
          order.add(suffix);
        }
        ref = i + 1;
      }
      if (isDigest(prefix)) {
        varint(body, ref * 2);
        for (int j = 0; j < 32; j += 2) body.write(nibble(prefix.charAt(j)) << 4 | nibble(prefix.charAt(j + 1)));
      } else {
        varint(body, ref * 2 + 1);
        text(body, prefix);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 64 * order.size() + 8);
    out.write(VERSION);
    varint(out, order.size());
    for (String suffix : order) text(out, suffix);
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** Each key of a packed value, in the order packed. */
  static void unpack(byte[] packed, Consumer<String> key) {
    ByteBuffer in = ByteBuffer.wrap(packed);
    int version = in.get() & 0xff;
    if (version != VERSION) throw new IllegalStateException("counted keys of an unknown format version " + version);
    int n = varint(in);
    String[] suffixes = new String[n];
    for (int i = 0; i < n; i++) suffixes[i] = text(in);
    int keys = varint(in);
    char[] digest = new char[32];
    for (int k = 0; k < keys; k++) {
      int ref = varint(in);
      String prefix;
      if ((ref & 1) == 0) {
        for (int j = 0; j < 32; j += 2) {
          int b = in.get() & 0xff;
          digest[j] = HEX[b >>> 4];
          digest[j + 1] = HEX[b & 0xf];
        }
        prefix = null;
      } else {
        prefix = text(in);
      }
      int suffix = ref >>> 1;
      String head = prefix != null ? prefix : new String(digest);
      key.accept(suffix == 0 ? head : head + " " + suffixes[suffix - 1]);
    }
  }

  /** 32 lower-case hexadecimal digits: written as the 16 bytes they spell. */
  private static boolean isDigest(String s) {
    if (s.length() != 32) return false;
    for (int i = 0; i < 32; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
    }
    return true;
  }

  /** A lower-case hexadecimal digit's value ({@link #isDigest} checked it is one). */
  private static int nibble(char c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
  }

  private static void text(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static String text(ByteBuffer in) {
    int length = varint(in);
    String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return s;
  }

  private static void varint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7f) != 0) {
      out.write(value & 0x7f | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static int varint(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.get() & 0xff;
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) return value;
      if (shift >= 28) throw new IllegalStateException("a varint longer than 5 bytes in counted keys");
    }
  }
}
