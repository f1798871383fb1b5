package dev.parley.policy;

import java.util.Objects;

/**
 * What a marking-definition object is (STIX 2.1 §7.2.1), as egress sees it: a standard TLP marking
 * (always servable), a statement (which restricts nothing), or another marking (which a node that
 * does not understand it must honour by withholding what it marks). Other objects are no definition.
 */
public sealed interface Definition {

  /** The object is not a marking definition. */
  record NotADefinition() implements Definition {}

  /**
   * One of the fixed TLP marking definitions, under its fixed id and with its published content and
   * nothing else (STIX 2.1 §7.2.1.4; the TLP 2.0 extension's marking definitions).
   */
  record StandardTlp(Tlp level) implements Definition {
    public StandardTlp {
      Objects.requireNonNull(level, "level");
    }
  }

  /** A statement marking (§7.2.1.3: copyright, terms of use): "this specification does not define any behavior". */
  record Statement() implements Definition {}

  /** Any other marking definition: an extension's, a TLP id with other content, or one malformed. */
  record Other() implements Definition {}
}
