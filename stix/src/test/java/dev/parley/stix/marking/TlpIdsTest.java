package dev.parley.stix.marking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixed TLP ids, checked against the texts that publish them. */
class TlpIdsTest {

  /** STIX 2.1 §7.2.1.4: "The following standard marking definitions MUST be used to reference or represent TLP markings." */
  @Test
  void tlp1_sectionSevenTwoOneFour_fourColours() {
    assertThat(TlpIds.TLP1).isEqualTo(Map.of(
        "white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
        "green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        "amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
        "red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"));
    assertThat(TlpIds.TLP1_CREATED).isEqualTo("2017-01-20T00:00:00.000Z");
  }

  /** The TLP 2.0 extension's marking-definition.json: one id per level, each under extension-definition--60a3c5c5. */
  @Test
  void tlp2_extensionSchema_fiveLevels() {
    assertThat(TlpIds.TLP2).isEqualTo(Map.of(
        "clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        "green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        "amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        "amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"));
    assertThat(TlpIds.TLP2_EXTENSION).isEqualTo("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d");
  }

  @Test
  void isTlp_eachFixedId_true() {
    TlpIds.TLP1.values().forEach(id -> assertThat(TlpIds.isTlp(id)).as(id).isTrue());
    TlpIds.TLP2.values().forEach(id -> assertThat(TlpIds.isTlp(id)).as(id).isTrue());
  }

  @Test
  void isTlp_otherIds_false() {
    assertThat(TlpIds.isTlp("marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd")).isFalse(); // §7.2.1.3's statement
    assertThat(TlpIds.isTlp("MARKING-DEFINITION--613F2E26-407D-48C7-9ECA-B8E91DF99DC9")).isFalse();
    assertThat(TlpIds.isTlp(TlpIds.TLP2_EXTENSION)).isFalse();
    assertThat(TlpIds.isTlp("")).isFalse();
  }
}
