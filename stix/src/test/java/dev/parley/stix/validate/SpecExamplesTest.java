package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every complete JSON example of the STIX 2.1 text validates with no errors but its known defects. */
class SpecExamplesTest {

  @Test
  void validate_specificationExamples_onlyKnownDefects() throws Exception {
    Path dir = ExampleFolders.resource("/spec-examples");
    ExampleFolders.Outcome outcome = ExampleFolders.validate(dir);
    assertThat(outcome.files()).isGreaterThanOrEqualTo(24);
    assertThat(outcome.objects()).isGreaterThanOrEqualTo(40);
    assertThat(outcome.errors()).isEqualTo(knownDefects(dir));
  }

  private static Set<String> knownDefects(Path dir) throws IOException {
    return Files.readAllLines(dir.resolve("KNOWN-DEFECTS.txt")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
