package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Finding;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every complete JSON example of the STIX 2.1 text validates with no errors but its known defects. */
class SpecExamplesTest {

  private static Path dir() throws URISyntaxException {
    return Path.of(SpecExamplesTest.class.getResource("/spec-examples").toURI());
  }

  @Test
  void validate_specificationExamples_onlyKnownDefects() throws Exception {
    Set<String> errors = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir())) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(24);
    int objects = 0;
    for (Path file : files) {
      ValidationSession session = StixValidator.standard().newSession();
      try (StixReader reader = StixReader.open(file)) {
        while (reader.hasNext()) {
          StixRecord r = reader.next();
          if (r instanceof StixRecord.ObjectRecord) objects++;
          for (Finding f : session.accept(r)) {
            if (f.isError()) errors.add(file.getFileName() + " " + f.rule() + " " + f.pointer());
          }
        }
      }
    }
    assertThat(objects).isGreaterThanOrEqualTo(40);
    assertThat(errors).isEqualTo(knownDefects());
  }

  private static Set<String> knownDefects() throws IOException, URISyntaxException {
    return Files.readAllLines(dir().resolve("KNOWN-DEFECTS.txt")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
