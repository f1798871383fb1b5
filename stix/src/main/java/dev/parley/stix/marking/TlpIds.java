package dev.parley.stix.marking;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The marking definitions of the Traffic Light Protocol whose ids are fixed: TLP 1.0 by STIX 2.1
 * §7.2.1.4 ("the only instances of TLP marking definitions permitted"), TLP 2.0 by the marking
 * definitions published with its extension definition (OASIS cti-stix-common-objects,
 * {@code extension-definition-specifications/tlp-2.0}). The one place these ids are written.
 */
public final class TlpIds {
  private TlpIds() {}

  /** The TLP 1.0 marking definitions of STIX 2.1 §7.2.1.4, by colour ({@code definition.tlp}). */
  public static final Map<String, String> TLP1 = Map.of(
      "white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
      "green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
      "amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
      "red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");

  /** The {@code created} of every TLP 1.0 marking definition (§7.2.1.4). */
  public static final String TLP1_CREATED = "2017-01-20T00:00:00.000Z";

  /** The extension definition that TLP 2.0 marking definitions use. */
  public static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

  /** The TLP 2.0 marking definitions, by level ({@code tlp_2_0} of the extension). */
  public static final Map<String, String> TLP2 = Map.of(
      "clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
      "green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
      "amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
      "amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
      "red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

  private static final Set<String> ALL = Set.copyOf(
      Stream.concat(TLP1.values().stream(), TLP2.values().stream()).toList());

  /** Whether {@code id} is one of the nine fixed TLP marking definition ids (1.0 or 2.0). */
  public static boolean isTlp(String id) {
    return ALL.contains(id);
  }
}
