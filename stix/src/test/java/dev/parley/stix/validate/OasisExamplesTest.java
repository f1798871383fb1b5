package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The STIX 2.1 examples published by OASIS (cti-stix2-json-schemas/examples) validate with no errors. */
class OasisExamplesTest {

  @Test
  void validate_oasisPublishedExamples_noErrors() throws Exception {
    ExampleFolders.Outcome outcome = ExampleFolders.validate(ExampleFolders.resource("/oasis-examples"));
    assertThat(outcome.files()).isEqualTo(4);
    assertThat(outcome.objects()).isEqualTo(11);
    assertThat(outcome.errors()).isEmpty();
  }
}
