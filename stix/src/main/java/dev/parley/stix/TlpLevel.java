package dev.parley.stix;

import java.util.Locale;
import java.util.Optional;

/**
 * The Traffic Light Protocol levels, least restrictive first, with the ids of their STIX marking
 * definitions: TLP 2.0 (published with the TLP 2.0 extension definition) and TLP 1.0 (STIX 2.1
 * §7.2.1.4). TLP 1.0 white is read as clear and amber as amber; TLP 1.0 has no amber+strict.
 */
public enum TlpLevel {
  CLEAR("clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
  GREEN("green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),
  AMBER("amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
  AMBER_STRICT("amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", null),
  RED("red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");

  private final String label;
  private final String tlp2Id;
  private final String tlp1Id;

  TlpLevel(String label, String tlp2Id, String tlp1Id) {
    this.label = label;
    this.tlp2Id = tlp2Id;
    this.tlp1Id = tlp1Id;
  }

  /** The TLP 2.0 name: {@code clear}, {@code green}, {@code amber}, {@code amber+strict}, {@code red}. */
  public String label() {
    return label;
  }

  /** The id of this level's TLP 2.0 marking definition. */
  public String tlp2Id() {
    return tlp2Id;
  }

  /** The id of this level's TLP 1.0 marking definition, or empty for amber+strict. */
  public Optional<String> tlp1Id() {
    return Optional.ofNullable(tlp1Id);
  }

  /** The more restrictive of two levels. */
  public TlpLevel max(TlpLevel other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** The level a marking-definition id (TLP 1.0 or 2.0) stands for, or empty for another marking. */
  public static Optional<TlpLevel> ofMarkingId(String id) {
    for (TlpLevel level : values()) {
      if (level.tlp2Id.equals(id) || id.equals(level.tlp1Id)) return Optional.of(level);
    }
    return Optional.empty();
  }

  /** A level by its name, case-insensitive; {@code white} is clear, {@code amber-strict} is amber+strict. */
  public static Optional<TlpLevel> parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.startsWith("tlp:")) n = n.substring(4);
    if (n.equals("white")) return Optional.of(CLEAR);
    if (n.equals("amber-strict") || n.equals("amber_strict")) return Optional.of(AMBER_STRICT);
    for (TlpLevel level : values()) if (level.label.equals(n)) return Optional.of(level);
    return Optional.empty();
  }
}
