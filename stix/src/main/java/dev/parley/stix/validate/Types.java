package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import dev.parley.stix.Rules;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The STIX 2.1 data types of section 2, as {@link ValueType}s. */
final class Types {
  private Types() {}

  private static final BigDecimal MAX_INT = BigDecimal.valueOf((1L << 53) - 1);
  private static final BigDecimal MIN_INT = MAX_INT.negate();
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
      BigDecimal n = v.isNumber() ? Numbers.value(v) : null;
      if (n == null || !Numbers.isWhole(n)) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be an integer, found " + kind(v));
        return;
      }
      // compared as decimals: 1e99999999 is never turned into its hundred-million-digit integer
      if (n.compareTo(MAX_INT) > 0 || n.compareTo(MIN_INT) < 0) {
        ctx.error(Rules.INTEGER_RANGE, p, Numbers.text(v) + " is outside the 54-bit integer range of STIX 2.1 §2.10");
      } else if ((min != null && n.compareTo(BigDecimal.valueOf(min)) < 0) || (max != null && n.compareTo(BigDecimal.valueOf(max)) > 0)) {
        ctx.error(Rules.INTEGER_RANGE, p, Numbers.text(v) + " is outside " + (min == null ? "" : min) + ".." + (max == null ? "" : max));
      }
    };
  }

  /** Whether {@code v} is a whole number (5.0 is the integer 5 in JSON's number model). */
  static boolean isInteger(JsonNode v) {
    if (v.isIntegralNumber()) return true;
    BigDecimal n = v.isNumber() ? Numbers.value(v) : null;
    return n != null && Numbers.isWhole(n);
  }

  /** §2.6 float. */
  static ValueType floating() {
    return floating(null, null);
  }

  static ValueType floating(Double min, Double max) {
    return (v, p, ctx) -> {
      if (!v.isNumber()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a number, found " + kind(v));
        return;
      }
      BigDecimal n = Numbers.value(v);
      if (n == null || Numbers.beyondDouble(n)) {
        ctx.error(Rules.NUMBER_RANGE, p, Numbers.text(v) + " is beyond the range of an IEEE 754 double (STIX 2.1 §2.6)");
      } else if ((min != null && n.compareTo(BigDecimal.valueOf(min)) < 0) || (max != null && n.compareTo(BigDecimal.valueOf(max)) > 0)) {
        ctx.error(Rules.NUMBER_RANGE, p, Numbers.text(v) + " is outside " + min + ".." + max);
      }
    };
  }

  /** §2.16 timestamp. */
  static ValueType timestamp() {
    return (v, p, ctx) -> TimestampRules.check(v, p, ctx, false);
  }

  /** §3.2 created/modified: a timestamp precise to the millisecond. */
  static ValueType versionTimestamp() {
    return (v, p, ctx) -> TimestampRules.check(v, p, ctx, true);
  }

  /** §2.1 binary: base64. */
  static ValueType binary() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a base64 string, found " + kind(v));
      else if (!isBase64(v.textValue())) ctx.error(Rules.VALUE, p, "is not valid base64 (RFC 4648 §4)");
    };
  }

  static boolean isBase64(String s) {
    return BASE64.matcher(s).matches();
  }

  /** §2.8 hex: an even number of lower-case hexadecimal digits. */
  static ValueType hex() {
    return (v, p, ctx) -> {
      if (!v.isTextual()) ctx.error(Rules.PROPERTY_TYPE, p, "must be a hex string, found " + kind(v));
      else if (!isHex(v.textValue())) {
        ctx.error(Rules.VALUE, p, "must be an even number of the characters 0-9 and a-f (STIX 2.1 §2.8)");
      }
    };
  }

  static boolean isHex(String s) {
    return HEX.matcher(s).matches();
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

  /** §2.12 list of {@code element}; that no list is empty is judged for every array, by {@link EmptyLists}. */
  static ValueType list(ValueType element) {
    return (v, p, ctx) -> {
      if (!v.isArray()) {
        ctx.error(Rules.PROPERTY_TYPE, p, "must be a list, found " + kind(v));
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
        ctx.error(Rules.ENUMERATION, p, "'" + v.textValue() + "' is not one of " + String.join(", ", new TreeSet<>(set)));
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
      int before = ctx.reported;
      first.check(v, p, ctx);
      if (ctx.reported == before) second.check(v, p, ctx);
    };
  }

  static String kind(JsonNode v) {
    return Json.kind(v);
  }

  static byte[] decodeBase64(String s) {
    return Base64.getDecoder().decode(s);
  }
}
