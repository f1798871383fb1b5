package dev.parley.tlog.verify;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Typed access to the members of a parsed JSON object, and writing hash lists. */
final class JsonFields {
  private final Map<String, Object> object;

  JsonFields(String json) {
    this.object = Json.parseObject(json);
  }

  long integer(String name) {
    if (object.get(name) instanceof Long value) {
      return value;
    }
    throw missing(name, "a non-negative integer");
  }

  String string(String name) {
    if (object.get(name) instanceof String value) {
      return value;
    }
    throw missing(name, "a string");
  }

  List<Hash> hashes(String name) {
    if (!(object.get(name) instanceof List<?> values)) {
      throw missing(name, "an array of base64 hashes");
    }
    List<Hash> hashes = new ArrayList<>();
    for (Object value : values) {
      if (!(value instanceof String text)) {
        throw missing(name, "an array of base64 hashes");
      }
      hashes.add(Hash.fromBase64(text));
    }
    return hashes;
  }

  static String hashes(List<Hash> hashes) {
    return hashes.stream().map(hash -> Json.quote(hash.toBase64())).collect(Collectors.joining(",", "[", "]"));
  }

  private static MalformedInputException missing(String name, String what) {
    return new MalformedInputException("JSON", "member " + name + " must be " + what);
  }
}
