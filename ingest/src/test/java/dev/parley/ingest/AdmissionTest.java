package dev.parley.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.stix.Json;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static String indicator(String pattern, String type) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
        + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"n\","
        + "\"pattern\":\"" + pattern + "\",\"pattern_type\":\"" + type + "\",\"valid_from\":\"2016-01-01T00:00:00Z\"}";
  }

  @Test
  void judge_invalidStixPattern_refusedWithItsPosition() throws Exception {
    Admission.Verdict v = new Admission().judge(Json.mapper().readTree(indicator("[file:name = ]", "stix")));
    assertThat(v).isInstanceOf(Admission.Refused.class);
    assertThat(((Admission.Refused) v).message()).contains("/pattern").contains("1:14");
  }

  @Test
  void judge_validStixPattern_admitted() throws Exception {
    Admission.Verdict v = new Admission().judge(Json.mapper().readTree(indicator("[file:name = 'a.exe']", "stix")));
    assertThat(v).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void judge_otherPatternLanguage_notParsedAsStix() throws Exception {
    Admission.Verdict v = new Admission().judge(Json.mapper().readTree(indicator("alert tcp any any -> any any (msg:x;)", "snort")));
    assertThat(v).isInstanceOf(Admission.Admitted.class);
  }
}
