package dev.parley.policy;

import dev.parley.stix.marking.TlpIds;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The levels of the Traffic Light Protocol, least restrictive first: TLP 2.0's CLEAR, GREEN, AMBER,
 * AMBER+STRICT and RED. TLP 1.0's WHITE is CLEAR (TLP 2.0 renamed it); its GREEN, AMBER and RED are
 * TLP 2.0's.
 */
public enum Tlp {
  CLEAR("clear"),
  GREEN("green"),
  AMBER("amber"),
  AMBER_STRICT("amber+strict"),
  RED("red");

  private static final Map<String, Tlp> BY_MARKING = byMarking();

  private final String label;

  Tlp(String label) {
    this.label = label;
  }

  /** The level as TLP 2.0 and agreement files write it: {@code clear} ... {@code amber+strict}, {@code red}. */
  public String label() {
    return label;
  }

  /**
   * The level {@code text} names, written exactly as {@link #label()} writes it (lower case, as the
   * TLP 2.0 extension's {@code tlp_2_0} values are): {@code GREEN} or {@code white} name none.
   */
  public static Optional<Tlp> parse(String text) {
    for (Tlp level : values()) {
      if (level.label.equals(text)) return Optional.of(level);
    }
    return Optional.empty();
  }

  /** The level of a fixed TLP marking definition id (TLP 1.0 or 2.0), or empty for any other id. */
  public static Optional<Tlp> ofMarking(String markingDefinitionId) {
    return Optional.ofNullable(BY_MARKING.get(markingDefinitionId));
  }

  /**
   * The level {@code text} names as people write it on a command line or in telemetry options:
   * any case, an optional {@code TLP:} prefix, TLP 1.0's {@code white} for clear, and
   * {@code amber-strict}, or {@code amber strict}: a URL query decodes an unescaped {@code +} as a
   * space, so {@code ?tlp=amber+strict} arrives so. Agreement files use {@link #parse}, which takes
   * only the exact names.
   */
  public static Optional<Tlp> parseLoosely(String text) {
    String n = text.strip().toLowerCase(Locale.ROOT);
    if (n.startsWith("tlp:")) n = n.substring(4);
    if (n.equals("white")) return Optional.of(CLEAR);
    if (n.equals("amber-strict") || n.equals("amber_strict") || n.equals("amber strict")) return Optional.of(AMBER_STRICT);
    return parse(n);
  }

  /** The id of this level's TLP 2.0 marking definition. */
  public String tlp2Id() {
    return TlpIds.TLP2.get(label);
  }

  /** The id of this level's TLP 1.0 marking definition (white for clear), or empty for amber+strict. */
  public Optional<String> tlp1Id() {
    return Optional.ofNullable(TlpIds.TLP1.get(this == CLEAR ? "white" : label));
  }

  /** The more restrictive of this level and {@code other}. */
  public Tlp max(Tlp other) {
    return max(this, other);
  }

  /** Whether this level is more restrictive than {@code other}. */
  public boolean above(Tlp other) {
    return compareTo(other) > 0;
  }

  /** The more restrictive of two levels. */
  public static Tlp max(Tlp a, Tlp b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** "TLP:AMBER+STRICT": the name the published marking definitions carry. */
  public String displayName() {
    return "TLP:" + label.toUpperCase(Locale.ROOT);
  }

  private static Map<String, Tlp> byMarking() {
    Map<String, Tlp> levels = new HashMap<>();
    TlpIds.TLP2.forEach((level, id) -> levels.put(id, parse(level).orElseThrow()));
    TlpIds.TLP1.forEach((colour, id) -> levels.put(id, colour.equals("white") ? CLEAR : parse(colour).orElseThrow()));
    return Map.copyOf(levels);
  }
}
