package dev.parley.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Finding;
import dev.parley.stix.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules the tables once enforced from memory that the STIX 2.1 text does not make: each test pins
 * what the validator must no longer report (the findings table can only state what it must report).
 */
class SpecTextRegressionTest {

  private static List<Finding> validate(String json) throws Exception {
    JsonNode object = Json.mapper().readTree(json);
    return StixValidator.standard().validate(object);
  }

  @Test
  void validate_relationshipTypeOfTwoCharacters_noError() throws Exception {
    // §5.1.2 limits relationship_type to a-z, 0-9 and '-'; it sets no 3-250 length (that is §11's custom type rule).
    List<Finding> findings = validate("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
        + "\"id\":\"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad\",\"created\":\"2016-04-06T20:06:37.000Z\","
        + "\"modified\":\"2016-04-06T20:06:37.000Z\",\"relationship_type\":\"ab\","
        + "\"source_ref\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
        + "\"target_ref\":\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"}");
    assertThat(findings).noneMatch(f -> f.isError() && f.pointer().equals("/relationship_type"));
  }

  @Test
  void validate_industrySectorSubValues_noWarning() throws Exception {
    // §10.11 lists the sub-sectors as bare values: emergency-services, dams, nuclear, water.
    List<Finding> findings = validate("{\"type\":\"identity\",\"spec_version\":\"2.1\","
        + "\"id\":\"identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2016-04-06T20:03:48.000Z\","
        + "\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"n\",\"identity_class\":\"organization\","
        + "\"sectors\":[\"emergency-services\",\"dams\",\"nuclear\",\"water\"]}");
    assertThat(findings).noneMatch(f -> f.pointer().startsWith("/sectors"));
  }

  @Test
  void validate_socketOptionKeyNotAnOptionName_warningNotError() throws Exception {
    // §6.12.4.1: option keys SHOULD be the case-preserved option names; only the integer values are a MUST.
    List<Finding> findings = validate("{\"type\":\"network-traffic\",\"spec_version\":\"2.1\","
        + "\"id\":\"network-traffic--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"protocols\":[\"tcp\"],"
        + "\"src_ref\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\",\"src_port\":1,\"dst_port\":2,"
        + "\"extensions\":{\"socket-ext\":{\"address_family\":\"AF_INET\",\"options\":{\"rcvbuf\":1}}}}");
    assertThat(findings).noneMatch(Finding::isError);
  }
}
