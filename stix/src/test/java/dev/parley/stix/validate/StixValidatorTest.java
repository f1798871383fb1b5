package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import dev.parley.stix.Rules;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regressions of the validator, each named for the defect it pins. */
class StixValidatorTest {

  private static final String CAMPAIGN = "{\"type\":\"campaign\",\"spec_version\":\"2.1\","
      + "\"id\":\"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2016-04-06T20:03:48.000Z\","
      + "\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"c\"";

  private static List<Finding> validate(String json) throws Exception {
    JsonNode object = Json.mapper().readTree(json);
    return StixValidator.standard().validate(object);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e99999999", "-1e99999999", "1e-99999999", "1.5e2147483647", "1e-2147483647",
      "123456789012345678901234567890e99999999"})
  void validate_numberWhoseExactValueIsHuge_judgedByMagnitudeAtOnce(String number) {
    // regression: toBigIntegerExact built 10^99,999,999 and pinned a validator thread for minutes
    List<Finding> findings = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> validate(CAMPAIGN
        + ",\"confidence\":" + number + ",\"x_acme_score\":" + number + "}"));
    assertThat(findings).filteredOn(f -> f.pointer().equals("/confidence")).singleElement()
        .satisfies(f -> assertThat(f.rule()).isIn(Rules.INTEGER_RANGE, Rules.PROPERTY_TYPE))
        .satisfies(f -> assertThat(f.message()).hasSizeLessThan(200));
  }

  @Test
  void validate_integerWrittenAsDecimal_stillAnInteger() throws Exception {
    assertThat(validate(CAMPAIGN + ",\"confidence\":5.000e1}")).isEmpty();
    assertThat(validate(CAMPAIGN + ",\"confidence\":0.5e2}")).isEmpty();
    assertThat(validate(CAMPAIGN + ",\"confidence\":50.5}")).singleElement().satisfies(f -> assertThat(f.rule()).isEqualTo(Rules.PROPERTY_TYPE));
  }

  @Test
  void validate_scoIdContributingNumberBeyondDouble_findingsNotException() throws Exception {
    // the deterministic id needs the RFC 8785 form, which a number beyond the double range lacks
    List<Finding> findings = validate("{\"type\":\"autonomous-system\",\"spec_version\":\"2.1\","
        + "\"id\":\"autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff\",\"number\":1e400}");
    assertThat(findings).extracting(Finding::rule).contains(Rules.INTEGER_RANGE);
  }

  @Test
  void validate_scoIdContributingLoneSurrogate_findingsNotException() throws Exception {
    List<Finding> findings = validate("{\"type\":\"domain-name\",\"spec_version\":\"2.1\","
        + "\"id\":\"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7\",\"value\":\"\\ud800.example\"}");
    assertThat(findings).noneMatch(Finding::isError);
  }

  @Test
  void validate_customRefHoldingEmptyString_warningNotError() throws Exception {
    // regression: ATT&CK for ICS ships "x_mitre_data_source_ref": ""; §3.1 fixes the suffix of
    // properties that hold references, not the value of properties so named
    List<Finding> findings = validate(CAMPAIGN + ",\"x_mitre_data_source_ref\":\"\",\"x_mitre_ids_refs\":[\"a\"]}");
    assertThat(findings).noneMatch(Finding::isError);
    assertThat(findings).extracting(Finding::pointer).containsExactlyInAnyOrder("/x_mitre_data_source_ref", "/x_mitre_ids_refs");
    assertThat(validate(CAMPAIGN + ",\"x_mitre_data_source_ref\":\"x-mitre-data-source--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}")).isEmpty();
  }

  @Test
  void validate_markingDefinitionCreatedWithoutFraction_stillAnError() throws Exception {
    // a decision, not a defect: §3.2 sets the millisecond minimum on created itself, and §7.2.1
    // lists created among the marking definition's required common properties, with no exception
    List<Finding> findings = validate("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
        + "\"id\":\"marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168\",\"created\":\"2017-06-01T00:00:00Z\","
        + "\"definition_type\":\"statement\",\"definition\":{\"statement\":\"Copyright 2017, The MITRE Corporation\"}}");
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.TIMESTAMP_PRECISION);
      assertThat(f.isError()).isTrue();
    });
  }

  private static String tlp2(String id, String level) {
    return "{\"type\":\"marking-definition\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
        + "\"created\":\"2022-10-01T00:00:00.000Z\",\"name\":\"TLP:CLEAR\",\"extensions\":{"
        + "\"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":{\"extension_type\":\"property-extension\","
        + "\"tlp_2_0\":\"" + level + "\"}}}";
  }

  @Test
  void validate_tlp2AmberIdClaimingClear_errorNotWarning() throws Exception {
    // a hostile peer sent this: the published AMBER id (readers trusting the id) with content saying CLEAR
    List<Finding> findings = validate(tlp2("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "clear"));
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.rule()).isEqualTo(Rules.TLP);
      assertThat(f.isError()).isTrue();
      assertThat(f.message()).contains("published TLP 2.0 amber").contains("'clear'");
    });
  }

  @Test
  void validate_tlp2IdUnderAStatement_error() throws Exception {
    List<Finding> findings = validate("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
        + "\"id\":\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\",\"created\":\"2022-10-01T00:00:00.000Z\","
        + "\"definition_type\":\"statement\",\"definition\":{\"statement\":\"share freely\"}}");
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.isError()).isTrue();
      assertThat(f.message()).contains("published TLP 2.0 clear").contains("without its tlp_2_0 level");
    });
  }

  @Test
  void validate_tlp2PublishedDefinitionOrOwnId_noError() throws Exception {
    assertThat(validate(tlp2("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear"))).noneMatch(Finding::isError);
    // a level under an id of the author's own: a warning, not the published marking
    assertThat(validate(tlp2("marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168", "clear")))
        .noneMatch(Finding::isError).anyMatch(f -> f.rule().equals(Rules.TLP));
  }

  @Test
  void validate_userDefinedHashName_noFinding() throws Exception {
    // §2.7's own example of a user-defined hash
    assertThat(validate("{\"type\":\"file\",\"spec_version\":\"2.1\",\"id\":\"file--949eb97a-da1e-5292-8959-03c4249dc9f3\","
        + "\"name\":\"foo.dll\",\"hashes\":{\"x_foo_hash\":\"aaaabbbbccccddddeeeeffff0123457890\"}}"))
        .noneMatch(f -> f.pointer().startsWith("/hashes"));
  }

  @Test
  void validate_everyHashesProperty_nearMissNameIsAnError() throws Exception {
    String sha1 = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12";
    List<Finding> findings = validate("{\"type\":\"file\",\"spec_version\":\"2.1\",\"id\":\"file--949eb97a-da1e-5292-8959-03c4249dc9f3\","
        + "\"hashes\":{\"sha1\":\"" + sha1 + "\"},\"extensions\":{\"windows-pebinary-ext\":{\"pe_type\":\"exe\","
        + "\"file_header_hashes\":{\"SHA_1\":\"" + sha1 + "\"},\"optional_header\":{\"hashes\":{\"sha-1\":\"" + sha1 + "\"}},"
        + "\"sections\":[{\"name\":\"a\",\"hashes\":{\"Sha1\":\"" + sha1 + "\"}}]}}}");
    assertThat(findings).filteredOn(f -> f.rule().equals(Rules.HASH_ALGORITHM) && f.isError()).extracting(Finding::pointer)
        .containsExactlyInAnyOrder("/hashes/sha1", "/extensions/windows-pebinary-ext/file_header_hashes/SHA_1",
            "/extensions/windows-pebinary-ext/optional_header/hashes/sha-1", "/extensions/windows-pebinary-ext/sections/0/hashes/Sha1");
    assertThat(findings).noneMatch(f -> f.rule().equals(Rules.HASH_VALUE));
  }

  @Test
  void validate_emptyListsAtAnyDepth_eachReported() throws Exception {
    List<Finding> findings = validate(CAMPAIGN + ",\"object_marking_refs\":[],\"x_acme\":{\"a\":[[]],\"b\":[{\"c\":[]}]}}");
    assertThat(findings).filteredOn(f -> f.rule().equals(Rules.EMPTY_LIST)).extracting(Finding::pointer)
        .containsExactlyInAnyOrder("/object_marking_refs", "/x_acme/a/0", "/x_acme/b/0/c");
  }

  @Test
  void validate_defangedUrlObjectNotAUrl_warningOnly() throws Exception {
    List<Finding> findings = validate("{\"type\":\"url\",\"spec_version\":\"2.1\",\"id\":\"url--47c3cf9a-5027-5bf0-997a-017c7edc7c55\","
        + "\"value\":\"hxxp://example[.]com/a b\",\"defanged\":true}");
    assertThat(findings).filteredOn(f -> f.pointer().equals("/value")).singleElement().satisfies(f -> assertThat(f.isError()).isFalse());
  }
}
