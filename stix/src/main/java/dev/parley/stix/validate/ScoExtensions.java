package dev.parley.stix.validate;

import java.util.List;
import java.util.Set;

/** The predefined SCO extensions of STIX 2.1 §6 (archive-ext, ntfs-ext, ...). */
final class ScoExtensions {
  private ScoExtensions() {}

  /** A predefined extension and the SCO types it extends. */
  record Entry(TypeSpec spec, Set<String> appliesTo) {}

  static List<Entry> all() {
    return List.of();
  }
}
