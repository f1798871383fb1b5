package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link StixValidator#errors} gives exactly the error findings of {@link StixValidator#validate},
 * in order, for every object of the conformance table and of the specification's and OASIS's
 * examples: skipping the work of warnings never changes what is refused.
 */
class ErrorsOnlyTest {
  private final StixValidator validator = StixValidator.standard();

  private List<JsonNode> objects() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (Arguments a : ConformanceTest.cases()) out.add((JsonNode) a.get()[4]);
    for (String folder : List.of("/spec-examples", "/oasis-examples")) {
      List<Path> files;
      try (Stream<Path> s = Files.list(ExampleFolders.resource(folder))) {
        files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      for (Path file : files) {
        try (StixReader reader = StixReader.open(Files.newInputStream(file), file.toString())) {
          while (reader.hasNext()) {
            if (reader.next() instanceof StixRecord.ObjectRecord r) out.add(r.object());
          }
        }
      }
    }
    // SCOs whose ids are and are not the deterministic ones, versioned and not
    String ip = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"value\":\"198.51.100.7\",\"id\":\"";
    ObjectNode sco = (ObjectNode) Json.mapper().readTree(ip + "ipv4-addr--00000000-0000-4000-8000-000000000000\"}");
    String deterministic = ScoIds.deterministicId(sco).orElseThrow();
    for (String id : List.of(deterministic, "ipv4-addr--00000000-0000-5000-8000-000000000000",
        "ipv4-addr--00000000-0000-4000-8000-000000000000", "ipv4-addr--00000000-0000-1000-8000-000000000000")) {
      out.add(Json.mapper().readTree(ip + id + "\"}"));
      out.add(Json.mapper().readTree(ip + id + "\",\"modified\":\"2020-01-01T00:00:00Z\"}"));
    }
    return out;
  }

  @Test
  void errors_everyExampleAndCase_sameAsErrorFindingsOfValidate() throws Exception {
    List<JsonNode> objects = objects();
    assertThat(objects).hasSizeGreaterThan(100);
    int withErrors = 0;
    for (JsonNode o : objects) {
      List<Finding> expected = validator.validate(o).stream().filter(Finding::isError).toList();
      assertThat(validator.errors(o)).as("%s", o).containsExactlyElementsOf(expected);
      if (!expected.isEmpty()) withErrors++;
    }
    assertThat(withErrors).isGreaterThan(50);
  }
}
