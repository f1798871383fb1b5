package dev.parley.detect;

import dev.parley.detect.telemetry.Normalize;
import dev.parley.pattern.syntax.ComparisonExpression;
import dev.parley.pattern.syntax.ComparisonOperator;
import dev.parley.pattern.syntax.Constant;
import dev.parley.pattern.syntax.ObjectPath;
import dev.parley.pattern.syntax.PathStep;
import dev.parley.pattern.syntax.Pattern;
import dev.parley.pattern.syntax.PatternExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts an indicator's equality constants in the normal form telemetry is in ({@link Normalize}),
 * so that {@code [domain-name:value = 'Evil.Example.']} meets a log's {@code evil.example}: the
 * values of domain names, addresses, URLs and e-mail addresses under =, != and IN, hash values,
 * and hash algorithm names in paths ({@code hashes.sha256} is {@code hashes.'SHA-256'}). Other
 * operators compare as written (STIX 2.1 §9.6.2 compares strings by code point).
 */
final class IndicatorPatterns {
  private static final Runnable IGNORE = () -> { };

  private IndicatorPatterns() {}

  static Pattern normalise(Pattern pattern) {
    return new Pattern(expression(pattern.expression()));
  }

  private static PatternExpression expression(PatternExpression e) {
    if (e instanceof PatternExpression.Observation o) return new PatternExpression.Observation(comparisons(o.comparisons()));
    if (e instanceof PatternExpression.Combined c) {
      return new PatternExpression.Combined(c.operator(), expression(c.left()), expression(c.right()));
    }
    PatternExpression.Qualified q = (PatternExpression.Qualified) e;
    return new PatternExpression.Qualified(expression(q.expression()), q.qualifier());
  }

  private static ComparisonExpression comparisons(ComparisonExpression e) {
    if (e instanceof ComparisonExpression.And a) return new ComparisonExpression.And(comparisons(a.left()), comparisons(a.right()));
    if (e instanceof ComparisonExpression.Or o) return new ComparisonExpression.Or(comparisons(o.left()), comparisons(o.right()));
    if (e instanceof ComparisonExpression.Exists x) return new ComparisonExpression.Exists(path(x.path()), x.negated());
    ComparisonExpression.Comparison c = (ComparisonExpression.Comparison) e;
    ObjectPath path = path(c.path());
    boolean equality = c.operator() == ComparisonOperator.EQ || c.operator() == ComparisonOperator.NE
        || c.operator() == ComparisonOperator.IN;
    Constant value = equality ? constant(path, c.value()) : c.operator() == ComparisonOperator.LIKE ? like(path, c.value()) : c.value();
    return new ComparisonExpression.Comparison(path, c.operator(), c.negated(), value);
  }

  private static ObjectPath path(ObjectPath p) {
    List<PathStep> steps = new ArrayList<>(p.steps());
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i - 1) instanceof PathStep.Key prev && prev.name().equals("hashes")
          && steps.get(i) instanceof PathStep.Key key) {
        steps.set(i, new PathStep.Key(Normalize.hashAlgorithm(key.name())));
      }
    }
    return steps.equals(p.steps()) ? p : ObjectPath.shared(p.objectType(), steps);
  }

  /**
   * A value reached through a reference ({@code network-traffic:dst_ref.value},
   * {@code email-message:to_refs[*].value}) in the normal form of the objects the reference may name,
   * as the telemetry's are: an e-mail address through an e-mail's {@code from_ref}, {@code sender_ref},
   * {@code to_refs}, {@code cc_refs} or {@code bcc_refs}; through any other reference an address (or
   * block) when the text is one, else a domain name when it looks like one. {@code
   * [network-traffic:dst_ref.value = '2001:DB8::1']} missed the telemetry's {@code 2001:db8::1}.
   */
  private static String referencedValue(ObjectPath path, String text) {
    String reference = null;
    for (int i = path.steps().size() - 2; i >= 0 && reference == null; i--) {
      if (path.steps().get(i) instanceof PathStep.Key k) reference = k.name();
    }
    if (reference == null || !(reference.endsWith("_ref") || reference.endsWith("_refs"))) return null;
    if (path.objectType().equals("email-message") && EMAIL_REFS.contains(reference)) return Normalize.email(text, IGNORE);
    String address = Normalize.addressValue(text);
    if (address != null) return address;
    return Normalize.looksLikeDomain(text) ? Normalize.domain(text, IGNORE) : null;
  }

  /**
   * Whether the path names a request's Host header ({@code network-traffic:extensions.'http-request-ext'
   * .request_header.'Host'}, a list index after it or not), whose values telemetry holds in the form
   * {@link Normalize#hostHeader} gives them.
   */
  static boolean hostHeader(ObjectPath path) {
    List<PathStep> steps = path.steps();
    for (int i = 0; i + 1 < steps.size(); i++) {
      if (steps.get(i) instanceof PathStep.Key k && k.name().equals("request_header") && steps.get(i + 1) instanceof PathStep.Key h
          && h.name().equalsIgnoreCase("Host")) {
        for (int j = i + 2; j < steps.size(); j++) if (steps.get(j) instanceof PathStep.Key) return false;
        return path.objectType().equals("network-traffic");
      }
    }
    return false;
  }

  /**
   * A LIKE constant on {@code domain-name:value} in lower case, as every domain name of telemetry
   * is: {@code '%.EVIL.example'} could never match, and was counted active without a word (hostile
   * run bd D2). {@code %} and {@code _} have no case. MATCHES is left as written: lower-casing a
   * regular expression changes it ({@code \\D} is not {@code \\d}).
   */
  private static Constant like(ObjectPath path, Constant value) {
    if (!(value instanceof Constant.StringConstant s) || !path.objectType().equals("domain-name") || !path.propertyText().equals("value")) {
      return value;
    }
    String lower = s.value().toLowerCase(Locale.ROOT);
    return lower.equals(s.value()) ? value : new Constant.StringConstant(lower);
  }

  private static final Set<String> EMAIL_REFS = Set.of("from_ref", "sender_ref", "to_refs", "cc_refs", "bcc_refs");

  private static Constant constant(ObjectPath path, Constant value) {
    if (value instanceof Constant.SetConstant set) {
      List<Constant> out = new ArrayList<>(set.values().size());
      for (Constant v : set.values()) out.add(constant(path, v));
      return new Constant.SetConstant(out);
    }
    if (!(value instanceof Constant.StringConstant s)) return value;
    String text = s.value();
    String normal = null;
    String property = path.propertyText();
    if (property.equals("value")) {
      normal = switch (path.objectType()) {
        case "domain-name" -> Normalize.domain(text, IGNORE);
        case "ipv4-addr", "ipv6-addr" -> Normalize.addressValue(text);
        case "url" -> Normalize.url(text, IGNORE);
        case "email-addr" -> Normalize.email(text, IGNORE);
        default -> null;
      };
    } else if (path.steps().size() >= 2 && path.steps().get(path.steps().size() - 2) instanceof PathStep.Key k
        && k.name().equals("hashes")) {
      normal = Normalize.hashValue(path.lastKey(), text);
    } else if (path.lastKey().equals("value")) {
      normal = referencedValue(path, text);
    } else if (hostHeader(path)) {
      normal = Normalize.hostHeader(text);
    }
    return normal == null || normal.equals(text) ? value : new Constant.StringConstant(normal);
  }
}
