package dev.parley.stix.validate;

import java.util.Map;

/** The TLP 2.0 marking definitions published with the TLP 2.0 extension definition. */
final class Tlp2 {
  private Tlp2() {}

  static final Map<String, String> LEVELS = Map.of(
      "clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
      "green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
      "amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
      "amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
      "red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
}
