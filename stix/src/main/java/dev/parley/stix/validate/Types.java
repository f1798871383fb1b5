package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The STIX 2.1 data types of section 2, as {@link ValueType}s. */
final class Types {
  private Types() {}

  private static final BigInteger MAX_INT = BigInteger.ONE.shiftLeft(53).subtract(BigInteger.ONE);
  private static final BigInteger MIN_INT = MAX_INT.negate();
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-f]{2})*");
  private static final Pattern BASE64 =
      Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
  private static final Pattern DICT_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  /** §2.15 string. */
  static ValueType string() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a string, found " + kind(v));
    };
  }

  /** §2.15 string that SHOULD not be empty. */
  static ValueType nonEmptyString() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a string, found " + kind(v));
      else if (v.textValue().isEmpty()) ctx.warning(Rules.VALUE, p, "is an empty string");
    };
  }

  /** §2.2 boolean. */
  static ValueType bool() {
    return (v, p, ctx) -> {
      if (!v.isBoolean()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a boolean, found " + kind(v));
    };
  }

  /** §2.10 integer: a whole number in the signed 54-bit range. */
  static ValueType integer() {
    return integer(null, null);
  }

  /** §2.10 integer with the bounds the property adds (null for none). */
  static ValueType integer(Long min, Long max) {
    return (v, p, ctx) -> {
      if (!isInteger(v)) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be an integer, found " + kind(v));
        return;
      }
      BigInteger n = v.bigIntegerValue();
      if (n.compareTo(MAX_INT) > 0 || n.compareTo(MIN_INT) < 0) {
        ctx.error(Rules.INTEGER_RANGE, p, n + " is outside the 54-bit integer range of STIX 2.1 §2.10");
      } else if ((min != null && n.longValue() < min) || (max != null && n.longValue() > max)) {
        ctx.error(Rules.INTEGER_RANGE, p, n + " is outside " + (min == null ? "" : min) + ".." + (max == null ? "" : max));
      }
    };
  }

  static boolean isInteger(JsonNode v) {
    if (v.isIntegralNumber()) return true;
    if (v.isNumber() && v.isBigDecimal()) {
      try {
        v.decimalValue().toBigIntegerExact();
        return true; // 5.0 is the integer 5 in JSON's number model
      } catch (ArithmeticException e) {
        return false;
      }
    }
    return false;
  }

  /** §2.6 float. */
  static ValueType floating() {
    return floating(null, null);
  }

  static ValueType floating(Double min, Double max) {
    return (v, p, ctx) -> {
      if (!v.isNumber()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a number, found " + kind(v));
      } else if ((min != null && v.doubleValue() < min) || (max != null && v.doubleValue() > max)) {
        ctx.error(Rules.NUMBER_RANGE, p, v.asText() + " is outside " + min + ".." + max);
      }
    };
  }

  /** §2.16 timestamp. */
  static ValueType timestamp() {
    return (v, p, ctx) -> Timestamps.check(v, p, ctx, false);
  }

  /** §3.2 created/modified: a timestamp precise to the millisecond. */
  static ValueType versionTimestamp() {
    return (v, p, ctx) -> Timestamps.check(v, p, ctx, true);
  }

  /** §2.1 binary: base64. */
  static ValueType binary() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a base64 string, found " + kind(v));
      else if (!BASE64.matcher(v.textValue()).matches()) ctx.error(Rules.VALUE, p, "is not valid base64 (RFC 4648 §4)");
    };
  }

  /** §2.8 hex: an even number of lower-case hexadecimal digits. */
  static ValueType hex() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a hex string, found " + kind(v));
      else if (!HEX.matcher(v.textValue()).matches()) {
        ctx.error(Rules.VALUE, p, "must be an even number of the characters 0-9 and a-f (STIX 2.1 §2.8)");
      }
    };
  }

  /** §2.9 identifier, referring to one of {@code allowed} (types, or {@code *sco}, {@code *sdo}, {@code *}). */
  static ValueType ref(String... allowed) {
    Set<String> types = Set.of(allowed);
    return (v, p, ctx) -> Identifiers.checkReference(v, p, ctx, types);
  }

  /** §2.9 identifier of any type. */
  static ValueType ref() {
    return ref(new String[0]);
  }

  /** §2.12 list: present lists hold at least one value, each of {@code element}. */
  static ValueType list(ValueType element) {
    return (v, p, ctx) -> {
      if (!v.isArray()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a list, found " + kind(v));
        return;
      }
      if (v.isEmpty()) {
        ctx.error(Rules.EMPTY_LIST, p, "a list must have at least one value (STIX 2.1 §2.12)");
        return;
      }
      for (int i = 0; i < v.size(); i++) element.check(v.get(i), Context.child(p, i), ctx);
    };
  }

  /** §2.4 enum: a closed set; other values are errors. */
  static ValueType enumeration(String... values) {
    Set<String> set = Set.of(values);
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a string, found " + kind(v));
      else if (!set.contains(v.textValue())) {
        ctx.error(Rules.ENUMERATION, p, "'" + v.textValue() + "' is not one of " + String.join(", ", new java.util.TreeSet<>(set)));
      }
    };
  }

  /** §2.14 open vocabulary: other values are allowed, and reported as warnings. */
  static ValueType vocabulary(String name, Set<String> values) {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a string, found " + kind(v));
      else if (!values.contains(v.textValue())) {
        ctx.warning(Rules.OPEN_VOCABULARY, p, "'" + v.textValue() + "' is not in the " + name + " vocabulary");
      }
    };
  }

  /** §2.3 dictionary: keys of 1-250 ASCII letters, digits, hyphens and underscores. */
  static ValueType dictionary() {
    return dictionary((v, p, ctx) -> {});
  }

  static ValueType dictionary(ValueType values) {
    return (v, p, ctx) -> {
      if (!v.isObject()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a dictionary (JSON object), found " + kind(v));
        return;
      }
      if (v.isEmpty()) ctx.error(Rules.DICTIONARY, p, "a dictionary must have at least one key");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        String at = Context.child(p, key);
        if (key.isEmpty() || key.length() > 250) {
          ctx.error(Rules.DICTIONARY, at, "dictionary keys must have 1 to 250 characters (STIX 2.1 §2.3)");
        } else if (!DICT_KEY.matcher(key).matches()) {
          ctx.error(Rules.DICTIONARY, at, "dictionary key '" + key + "' may only hold a-z, A-Z, 0-9, '-' and '_' (STIX 2.1 §2.3)");
        }
        values.check(e.getValue(), at, ctx);
      }
    };
  }

  /** §2.7 hashes. */
  static ValueType hashes() {
    return Hashes::check;
  }

  /** An embedded object with its own properties (e.g. kill-chain-phase, email-mime-part). */
  static ValueType object(TypeSpec spec) {
    return (v, p, ctx) -> {
      if (!v.isObject()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be an object, found " + kind(v));
        return;
      }
      Properties.checkDeclared(spec, (com.fasterxml.jackson.databind.node.ObjectNode) v, p, ctx);
    };
  }

  /** A string that should be a URL (RFC 3986); a malformed one is a warning. */
  static ValueType url() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a string, found " + kind(v));
        return;
      }
      try {
        java.net.URI uri = new java.net.URI(v.textValue());
        if (uri.getScheme() == null) ctx.warning(Rules.VALUE, p, "is not an absolute URL");
      } catch (java.net.URISyntaxException e) {
        ctx.warning(Rules.VALUE, p, "is not a valid URL: " + e.getReason());
      }
    };
  }

  /** A value that must be an integer or a string (EXIF tags §6.7.5, IPFIX elements §6.12.1). */
  static ValueType integerOrString() {
    ValueType integer = integer();
    return (v, p, ctx) -> {
      if (v.isTextual()) return;
      if (isInteger(v)) integer.check(v, p, ctx);
      else ctx.error(Rules.PROPERTY_TYPE, p, "must be an integer or a string, found " + kind(v));
    };
  }

  /** Any JSON value (the specification leaves the type open). */
  static ValueType any() {
    return (v, p, ctx) -> {};
  }

  /** Runs two checks on the same value. */
  static ValueType both(ValueType first, ValueType second) {
    return (v, p, ctx) -> {
      int before = ctx.findings.size();
      first.check(v, p, ctx);
      if (ctx.findings.size() == before) second.check(v, p, ctx);
    };
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name().toLowerCase();
    };
  }

  static byte[] decodeBase64(String s) {
    return Base64.getDecoder().decode(s);
  }
}
