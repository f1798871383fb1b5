package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Finding;
import dev.parley.stix.StixReader;
import dev.parley.stix.StixRecord;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The STIX 2.1 examples published by OASIS (cti-stix2-json-schemas/examples) validate with no errors. */
class OasisExamplesTest {

  private static Path dir() throws URISyntaxException {
    return Path.of(OasisExamplesTest.class.getResource("/oasis-examples").toURI());
  }

  @Test
  void validate_oasisPublishedExamples_noErrors() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir())) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertThat(files).hasSize(4);
    List<String> errors = new ArrayList<>();
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
    assertThat(objects).isEqualTo(11);
    assertThat(errors).isEmpty();
  }
}
