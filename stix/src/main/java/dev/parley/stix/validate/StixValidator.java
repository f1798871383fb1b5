package dev.parley.stix.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Rules;
import dev.parley.stix.Finding;
import java.util.List;

/**
 * Judges STIX 2.1 objects as the specification does: every MUST is an error finding, every SHOULD
 * a warning. Never throws for bad content. Immutable and thread-safe.
 */
public final class StixValidator {
  private static final StixValidator STANDARD = new StixValidator(PatternChecker.NONE);

  private final PatternChecker patterns;

  private StixValidator(PatternChecker patterns) {
    this.patterns = patterns;
  }

  /** The validator of STIX 2.1, without a pattern language. */
  public static StixValidator standard() {
    return STANDARD;
  }

  /** This validator, checking indicator patterns with {@code checker}. */
  public StixValidator withPatterns(PatternChecker checker) {
    return new StixValidator(checker);
  }

  /** A session that also checks across the objects of one input. Not thread-safe. */
  public ValidationSession newSession() {
    return new ValidationSession(this);
  }

  /** The findings about one object, without source or line. */
  public List<Finding> validate(JsonNode node) {
    return validate(node, false);
  }

  /**
   * The error findings about one object: those of {@link #validate} that are errors, in the same
   * order, found without the work that only warnings need (an SCO's deterministic id is derived only
   * when a versioned SCO could be using it, which is an error). What a store's admission asks.
   */
  public List<Finding> errors(JsonNode node) {
    return validate(node, true);
  }

  private List<Finding> validate(JsonNode node, boolean errorsOnly) {
    if (!(node instanceof ObjectNode object)) {
      Context ctx = new Context("", "", patterns, errorsOnly);
      ctx.error(Rules.NOT_AN_OBJECT, "", "a STIX object must be a JSON object, found " + Types.kind(node));
      return ctx.findings;
    }
    JsonNode idNode = object.get("id");
    String id = idNode != null && idNode.isTextual() ? idNode.textValue() : "";
    String type = object.path("type").isTextual() ? object.get("type").textValue() : "";
    Context ctx = new Context(id, type, patterns, errorsOnly);
    if (!Common.checkType(object, ctx)) return ctx.findings;
    TypeSpec spec = Specs.type(type);
    Category category = spec != null ? spec.category() : customCategory(object, ctx);
    if ("bundle".equals(type)) {
      ctx.error(Rules.BUNDLE, "/type", "a bundle cannot appear inside another bundle or list (STIX 2.1 §8)");
      return ctx.findings;
    }
    Properties.checkDeclared(Common.BY_CATEGORY.get(category), object, "", ctx);
    Common.checkCommon(object, category, ctx);
    if (spec != null) Properties.checkDeclared(spec, object, "", ctx);
    boolean wantPrefix = spec != null && Extensions.newObjectKind(object) == null && !Extensions.usesDefinitions(object);
    Properties.checkCustom(object, "", Common.known(category, spec), ctx, wantPrefix);
    EmptyLists.check(object, "", ctx);
    return ctx.findings;
  }

  /** The findings about a bundle's own properties (STIX 2.1 §8). */
  public List<Finding> validateBundle(ObjectNode header) {
    String id = header.path("id").isTextual() ? header.get("id").textValue() : "";
    Context ctx = new Context(id, "bundle", patterns);
    Bundles.check(header, ctx);
    return ctx.findings;
  }

  private static Category customCategory(ObjectNode object, Context ctx) {
    String kind = Extensions.newObjectKind(object);
    if (kind != null) {
      return switch (kind) {
        case "new-sco" -> Category.SCO;
        case "new-sro" -> Category.SRO;
        default -> Category.SDO;
      };
    }
    boolean looksLikeSco = !object.has("created") && !object.has("modified");
    ctx.warning(Rules.UNKNOWN_TYPE, "/type",
        "'" + ctx.type + "' is not a STIX 2.1 type and no extension definition declares it; checked as a custom "
            + (looksLikeSco ? "cyber-observable" : "domain object") + " (STIX 2.1 §11.2)");
    return looksLikeSco ? Category.SCO : Category.SDO;
  }
}
