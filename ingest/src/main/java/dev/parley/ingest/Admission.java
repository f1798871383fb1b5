package dev.parley.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Finding;
import dev.parley.stix.validate.StixValidator;
import dev.parley.store.objects.NewObject;
import java.util.List;

/**
 * Decides whether one incoming STIX object may be stored: it must pass the validator without
 * errors (warnings do not refuse) and carry an id and parsable versions. Thread-safe.
 */
public final class Admission {
  private final StixValidator validator = StixValidator.standard().withPatterns(StixPatterns.checker());

  /** The verdict on one object. */
  public sealed interface Verdict permits Admitted, Refused {}

  /** The object may be stored. */
  public record Admitted(NewObject object) implements Verdict {}

  /** The object is refused; {@code reasons} are the validator's error findings as text. */
  public record Refused(String stixId, String version, List<String> reasons) implements Verdict {
    public Refused {
      reasons = List.copyOf(reasons);
    }

    /** The reasons in one line. */
    public String message() {
      return String.join("; ", reasons);
    }
  }

  public Verdict judge(JsonNode node) {
    return judge(node, null);
  }

  /** As {@link #judge(JsonNode)}, storing {@code text} (the object's JSON as received, when known) as its body. */
  public Verdict judge(JsonNode node, String text) {
    List<Finding> errors = validator.errors(node);
    String id = node.path("id").isTextual() ? node.get("id").textValue() : "";
    String version = node.path("modified").isTextual() ? node.get("modified").textValue()
        : node.path("created").isTextual() ? node.get("created").textValue() : null;
    if (!errors.isEmpty()) {
      return new Refused(id, version, errors.stream().map(Admission::reason).toList());
    }
    try {
      return new Admitted(NewObject.of((ObjectNode) node, text));
    } catch (IllegalArgumentException e) {
      return new Refused(id, version, List.of(e.getMessage()));
    }
  }

  private static String reason(Finding f) {
    return (f.pointer().isEmpty() ? "/" : f.pointer()) + ": " + f.rule() + ": " + f.message();
  }
}
