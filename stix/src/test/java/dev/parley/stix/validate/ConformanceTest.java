package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import dev.parley.stix.Rules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance table {@code conformance/findings.jsonl}: broken objects written from the
 * specification, each with the rule, JSON pointer and severity it must produce.
 */
class ConformanceTest {

  static List<Arguments> cases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        ConformanceTest.class.getResourceAsStream("/conformance/findings.jsonl"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) continue;
        JsonNode c = Json.mapper().readTree(line);
        cases.add(Arguments.of(c.get("case").asText(), c.get("rule").asText(), c.get("pointer").asText(),
            c.get("severity").asText(), c.get("object")));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate_brokenObject_reportsRuleAtPointer(String name, String rule, String pointer, String severity, JsonNode object) {
    List<Finding> findings = StixValidator.standard().validate(object);
    assertThat(findings)
        .as("findings: %s", findings)
        .anySatisfy(f -> {
          assertThat(f.rule()).isEqualTo(rule);
          assertThat(f.pointer()).isEqualTo(pointer);
          assertThat(f.severity().label()).isEqualTo(severity);
        });
  }

  @Test
  void cases_everyRuleOfRulesClass_isCoveredOrExplained() throws Exception {
    Set<String> covered = new TreeSet<>();
    for (Arguments a : cases()) covered.add((String) a.get()[1]);
    Set<String> all = new TreeSet<>();
    for (Field f : Rules.class.getFields()) all.add((String) f.get(null));
    // Rules that need more than one object or malformed text are covered by the reader and session tests.
    all.removeAll(Set.of("json-syntax", "cross-reference", "duplicate-object", "pattern"));
    // Declared ids that no check emits (ids are never renamed or removed): confidence uses
    // integer-range, custom types type-syntax, custom property names custom-property.
    all.removeAll(Set.of("confidence-range", "custom-type-name", "forbidden-property", "property-name"));
    all.removeAll(covered);
    assertThat(all).as("rules without a conformance case").isEmpty();
  }
}
