package dev.parley.tlog.note;

import dev.parley.tlog.MalformedInputException;
import java.util.Base64;

/** Standard base64 (RFC 4648 §4), strictly: padded and canonical, as Go's StdEncoding reads it. */
final class Base64s {
  private Base64s() {}

  static byte[] decode(String what, String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException(what, "not base64");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw new MalformedInputException(what, "not canonical padded base64");
    }
    return bytes;
  }

  static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
