package dev.parley.policy;

import static dev.parley.policy.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every identifier an object names, from the embedded relationships of STIX 2.1 (§3.1, and each type's table). */
class ReferencesTest {
  private static final String IDENTITY = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
  private static final String MARKING = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
  private static final String INDICATOR = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  private static final String MALWARE = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of("§5.1 relationship: source, target, creator, marking", """
            {"type": "relationship", "spec_version": "2.1", "id": "relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e",
             "created_by_ref": "%s", "relationship_type": "indicates", "source_ref": "%s", "target_ref": "%s",
             "object_marking_refs": ["%s"]}""".formatted(IDENTITY, INDICATOR, MALWARE, MARKING),
            new String[] {IDENTITY, INDICATOR, MALWARE, MARKING}),
        Arguments.of("§5.2 sighting: sighting_of_ref, observed_data_refs, where_sighted_refs", """
            {"type": "sighting", "id": "sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
             "sighting_of_ref": "%s", "observed_data_refs": ["observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"],
             "where_sighted_refs": ["%s"]}""".formatted(INDICATOR, IDENTITY),
            new String[] {INDICATOR, "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf", IDENTITY}),
        Arguments.of("§4.16 report object_refs", """
            {"type": "report", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", "created_by_ref": "%s",
             "object_refs": ["%s", "%s"]}""".formatted(IDENTITY, INDICATOR, MALWARE),
            new String[] {IDENTITY, INDICATOR, MALWARE}),
        Arguments.of("§4.14 observed-data object_refs", """
            {"type": "observed-data", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
             "object_refs": ["ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8", "domain-name--ecb120bf-2694-4902-a737-62b74539a41b"]}""",
            new String[] {"ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8", "domain-name--ecb120bf-2694-4902-a737-62b74539a41b"}),
        Arguments.of("§7.2.3 granular marking_ref", """
            {"type": "indicator", "id": "%s",
             "granular_markings": [{"marking_ref": "marking-definition--089a6ecb-cc15-43cc-9494-767639779123", "selectors": ["description"]}]}"""
            .formatted(INDICATOR), new String[] {"marking-definition--089a6ecb-cc15-43cc-9494-767639779123"}),
        Arguments.of("§6.5 email-message refs, nested in body_multipart", """
            {"type": "email-message", "id": "email-message--cf9b4b7f-14c8-5955-8065-020e0316b559",
             "from_ref": "email-addr--9b7e29b3-fd8d-562e-b3f0-8fc8134f5dda", "to_refs": ["email-addr--d1b3bf0c-f02a-51a1-8102-11aba7959868"],
             "body_multipart": [{"content_type": "text/plain", "body": "hi"},
                                {"content_type": "image/png", "body_raw_ref": "artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5"}]}""",
            new String[] {"email-addr--9b7e29b3-fd8d-562e-b3f0-8fc8134f5dda", "email-addr--d1b3bf0c-f02a-51a1-8102-11aba7959868",
                "artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5"}),
        Arguments.of("§6.7.2 refs inside an SCO extension", """
            {"type": "file", "id": "file--9a1f834d-2506-5367-baec-7aa63996ac43", "name": "foo.zip",
             "extensions": {"archive-ext": {"contains_refs": ["file--019fde1c-94ab-5bb1-b11c-6c1e7a9ba6c2"]}}}""",
            new String[] {"file--019fde1c-94ab-5bb1-b11c-6c1e7a9ba6c2"}),
        Arguments.of("§7.3 extension keys name extension definitions", """
            {"type": "indicator", "id": "%s",
             "extensions": {"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e": {"extension_type": "property-extension", "rank": 5}}}"""
            .formatted(INDICATOR), new String[] {"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"}),
        Arguments.of("a custom property without the suffix that holds an id", """
            {"type": "indicator", "id": "%s", "x_acme_related": "%s", "x_acme_list": [{"deep": ["%s"]}]}"""
            .formatted(INDICATOR, MALWARE, IDENTITY), new String[] {MALWARE, IDENTITY}),
        Arguments.of("a _refs value of another shape is searched whole", """
            {"type": "x-acme", "id": "x-acme--1b1b1b1b-2222-4333-8444-555555555555", "x_odd_refs": {"a": ["%s"], "b": 7}}"""
            .formatted(MALWARE), new String[] {MALWARE}),
        Arguments.of("an id with upper-case digits (which an object may have, §2.9), and its lower-case form", """
            {"type": "note", "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "object_refs": ["malware--31B940D4-6F7F-459A-80EA-9C1F17B5891B"]}""",
            new String[] {"malware--31B940D4-6F7F-459A-80EA-9C1F17B5891B", MALWARE}),
        Arguments.of("an upper-case type is no object's id: its lower-case form alone", """
            {"type": "note", "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "object_refs": ["MALWARE--31B940D4-6F7F-459A-80EA-9C1F17B5891B"],
             "content": "see Malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"}""",
            new String[] {MALWARE}),
        Arguments.of("the object's own id is not a reference", """
            {"type": "indicator", "id": "%s", "x_self_ref": "%s"}""".formatted(INDICATOR, INDICATOR), new String[] {}),
        Arguments.of("values that are not ids", """
            {"type": "grouping", "id": "grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", "object_refs": ["", "indicator--", "--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3", "indicator--8e2e2d2b_17d4-4cbf-938f-98ee46b3cd3f", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3g",
             12, null, true], "description": "-- not --8e2e2d2b an id--"}""", new String[] {}),
        Arguments.of("ids among other text: a sentence, a URL, a space before or after (a hostile run counted them as leaks)", """
            {"type": "grouping", "id": "grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
             "description": "see %s, and %s.", "x_note": " %s ",
             "external_references": [{"source_name": "a", "url": "https://a.example/objects/%s"}]}"""
            .formatted(INDICATOR, MALWARE, IDENTITY, "attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"),
            new String[] {INDICATOR, MALWARE, IDENTITY, "attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"}),
        Arguments.of("text that only looks like an id names one no one holds: fail closed", """
            {"type": "note", "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061", "content": "indicátor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}""",
            new String[] {"tor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}),
        Arguments.of("each id once, in the order first written", """
            {"type": "opinion", "id": "opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7", "object_refs": ["%s", "%s", "%s"], "created_by_ref": "%s"}"""
            .formatted(MALWARE, INDICATOR, MALWARE, MALWARE), new String[] {MALWARE, INDICATOR}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void of_object_everyIdNamed(String what, String object, String[] expected) {
    assertThat(References.of(json(object))).containsExactly(expected);
  }

  /** A UUID of any version and variant still names an object: the walk judges §2.9's form loosely. */
  @Test
  void of_uuidOfNoRfc4122Version_kept() {
    String odd = "indicator--00000000-0000-0000-0000-000000000000";
    assertThat(References.of(json("{\"type\": \"report\", \"object_refs\": [\"" + odd + "\"]}"))).containsExactly(odd);
  }

  /** Bounded work: a walk with its own stack, linear in the object, however deep or wide. */
  @Test
  void of_deepAndWideObject_linear() {
    ObjectNode root = Json.mapper().createObjectNode().put("type", "x-deep");
    ObjectNode at = root;
    for (int i = 0; i < 100_000; i++) at = at.putObject("x_next");
    at.put("x_last_ref", MALWARE);
    ArrayNode wide = root.putArray("object_refs");
    for (long i = 0; i < 50_000; i++) wide.add("indicator--8e2e2d2b-17d4-4cbf-938f-" + String.valueOf(1_000_000_000_000L + i).substring(1));
    Set<String> refs = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> References.of(root));
    assertThat(refs).hasSize(50_001).contains(MALWARE);
  }
}
